package io.mysqlmongosync.engine;

import io.mysqlmongosync.testing.SyncTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The same comparison as {@link EncodedDocumentIT} with the other type options: NULL columns left out, no µs
 * sibling fields, dates as strings, another source time zone.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_encoded_opts"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories,customers,orders,order_items,inventory"),
    @ResourceArg(name = "sync.null-mode", value = "omit"),
    @ResourceArg(name = "sync.keep-micros", value = "false"),
    @ResourceArg(name = "sync.date-mode", value = "string"),
    @ResourceArg(name = "sync.source-time-zone", value = "Europe/Berlin"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class EncodedDocumentOptionsIT extends EncodedDocumentComparison {

    @Override
    String db() {
        return "mms_encoded_opts";
    }

    @org.junit.jupiter.api.Test
    void optionsAreInForceOnTheEncodedPath() throws Exception {
        TableContext table = catalog.table("products").orElseThrow();
        var page = reader.read(io.mysqlmongosync.source.KeysetQuery.byPrimaryKey(table.schema(), null),
                builders.converterFor(table), io.mysqlmongosync.source.KeyPosition.start(), null, 100);
        var docs = builders.forTable(table).build(page.rows(), new java.util.Date());
        org.bson.Document first = docs.get(0).document().asDocument();
        org.bson.Document nulls = docs.get(1).document().asDocument();
        org.junit.jupiter.api.Assertions.assertEquals("2024-02-29", first.get("release_date"));
        org.junit.jupiter.api.Assertions.assertFalse(first.containsKey("updated_at_micros"));
        org.junit.jupiter.api.Assertions.assertFalse(nulls.containsKey("description"), nulls.toJson());
    }
}
