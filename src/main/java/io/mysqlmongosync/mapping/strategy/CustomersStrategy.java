package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The customers entity. Its rules are data: the {@code customers} entry of the mapping file (built-in default:
 * {@code mapping/default-mapping.yaml}). Override {@link SyncStrategy#map} here for logic the file cannot express.
 */
@ApplicationScoped
@Named("customers")
public class CustomersStrategy implements SyncStrategy {
}
