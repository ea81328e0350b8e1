package io.mysqlmongosync.engine;

import io.mysqlmongosync.testing.SyncTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Rows encoded straight from the result set give the same document bytes, content hash, {@code _id}, version,
 * warnings and skipped rows as the map path, for the edge-value rows of TypeMappingIT (default type options).
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_encoded"),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories,customers,orders,order_items,inventory"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class EncodedDocumentIT extends EncodedDocumentComparison {

    @Override
    String db() {
        return "mms_encoded";
    }
}
