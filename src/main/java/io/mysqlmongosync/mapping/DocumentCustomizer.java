package io.mysqlmongosync.mapping;

import org.bson.Document;

/**
 * The code-level hook for a table's documents, for logic the mapping file cannot express. Everything the file can
 * say (renames, computed fields, type overrides, validation rules, embedding) belongs in the file; a customizer
 * runs after it, on every row of its table, in the sync and in verification alike.
 *
 * <p>To use one, add a CDI bean named after the table to the application:
 *
 * <pre>{@code
 * @ApplicationScoped
 * @Named("products")
 * public class ProductsCustomizer implements DocumentCustomizer {
 *     public Document customize(Document document, Document row) {
 *         return document.append("label", row.getString("name").toUpperCase(Locale.ROOT));
 *     }
 * }
 * }</pre>
 *
 * The table's validation rules are checked on the mapped document before the customizer sees it. A customizer
 * must be deterministic (the same row gives the same document, or every pass rewrites it) and must not do I/O.
 * A table with a customizer is never written through the encoded fast path.
 */
@FunctionalInterface
public interface DocumentCustomizer {

    /**
     * The document to write for one row: {@code document} is the mapped document (document field names, without
     * {@code _id} and {@code _sync}), {@code row} the converted row (column names, protected fields already
     * protected). May change and return {@code document} itself.
     */
    Document customize(Document document, Document row);
}
