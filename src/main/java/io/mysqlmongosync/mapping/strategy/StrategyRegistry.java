package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.util.Locale;

/** Chooses the strategy bean named like the table, falling back to {@link GenericStrategy}. */
@ApplicationScoped
public class StrategyRegistry {

    private final Instance<SyncStrategy> strategies;

    StrategyRegistry(@Any Instance<SyncStrategy> strategies) {
        this.strategies = strategies;
    }

    /** The strategy for {@code table} (the seed's "users" is served by the customers strategy). */
    public SyncStrategy forTable(String table) {
        String name = table.toLowerCase(Locale.ROOT);
        if (name.equals("users")) {
            name = "customers";
        }
        Instance<SyncStrategy> named = strategies.select(NamedLiteral.of(name));
        return named.isResolvable() ? named.get() : strategies.select(NamedLiteral.of(GenericStrategy.NAME)).get();
    }
}
