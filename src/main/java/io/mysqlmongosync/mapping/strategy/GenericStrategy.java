package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Any table without an entity strategy: the discovered schema and the mapping file are the whole mapping. */
@ApplicationScoped
@Named(GenericStrategy.NAME)
public class GenericStrategy implements SyncStrategy {

    /** The bean name of the fallback strategy. */
    public static final String NAME = "generic";
}
