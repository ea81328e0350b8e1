package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;
import org.bson.Document;

/** Any table without an entity strategy: the discovered schema is the whole mapping, no extra rules. */
@ApplicationScoped
@Named(GenericStrategy.NAME)
public class GenericStrategy implements SyncStrategy {

    /** The bean name of the fallback strategy. */
    public static final String NAME = "generic";

    @Override
    public List<String> validate(Document row) {
        return List.of();
    }
}
