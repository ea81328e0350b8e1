package io.mysqlmongosync.mapping.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The categories entity. Its rules are data: the {@code categories} entry of the mapping file (built-in default:
 * {@code mapping/default-mapping.yaml}). Override {@link SyncStrategy#map} here for logic the file cannot express.
 */
@ApplicationScoped
@Named("categories")
public class CategoriesStrategy implements SyncStrategy {
}
