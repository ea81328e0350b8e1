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
        return strategies.select(NamedLiteral.of(nameFor(table))).get();
    }

    /**
     * The {@code @Named} value of the strategy bean serving {@code table}: the table's own name when such a bean
     * exists, else {@value GenericStrategy#NAME}. What the API shows, never the bean's (proxy) class.
     */
    public String nameFor(String table) {
        String name = table.toLowerCase(Locale.ROOT);
        if (name.equals("users")) {
            name = "customers";
        }
        return strategies.select(NamedLiteral.of(name)).isResolvable() ? name : GenericStrategy.NAME;
    }
}
