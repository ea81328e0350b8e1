package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The products entity. Its rules are data: the {@code products} entry of the mapping file (built-in default:
 * {@code mapping/default-mapping.yaml}). Override {@link SyncStrategy#map} here for logic the file cannot express.
 */
@ApplicationScoped
@Named("products")
public class ProductsStrategy implements SyncStrategy {
}
