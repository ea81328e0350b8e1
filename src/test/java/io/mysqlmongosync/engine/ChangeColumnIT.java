package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/** Rows are found whatever the change column looks like: nullable, or missing altogether. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_changecol"),
    @ResourceArg(name = "schema", value = "/db/change_columns.sql"),
    @ResourceArg(name = "tables", value = "customers,currencies"),
    @ResourceArg(name = "sync.batch-size", value = "2"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class ChangeColumnIT extends EngineFixture {

    static final String DB = "mms_changecol";

    @Test
    void rowsWithNullChangeColumnAreCaughtThroughCreatedAt() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO customers (id, email) VALUES (1, 'a@x.io'), (2, 'b@x.io'), (3, 'c@x.io')");
        assertEquals(3, pass("customers").created());

        // Inserted later, updated_at still NULL: only the created_at scan can see them.
        TestDatabase.exec(DB, "INSERT INTO customers (id, email) VALUES (4, 'd@x.io'), (5, 'e@x.io'), (6, 'f@x.io')");
        TestDatabase.exec(DB, "UPDATE customers SET email = 'a2@x.io', updated_at = NOW(6) WHERE id = 1");
        TableResult r = pass("customers");
        assertEquals("incremental", r.mode());
        assertEquals(3, r.created());
        assertEquals(1, r.updated());
        assertEquals(6, coll("customers").countDocuments());
        assertEquals("a2@x.io", coll("customers").find(new Document("_id", 1)).first().get("email"));
        assertNotNull(coll("customers").find(new Document("_id", 6)).first());
    }

    @Test
    void tableWithoutChangeColumnIsReReadInFullAndDiffedByHash() throws Exception {
        TestDatabase.exec(DB, "INSERT INTO currencies VALUES ('EUR', 'Euro', 1), ('USD', 'Dollar', 1.08), ('GBP', 'Pound', 0.85)");
        TableResult first = pass("currencies");
        assertEquals("full", first.mode());
        assertEquals(3, first.created());

        TestDatabase.exec(DB, "UPDATE currencies SET rate = 1.09 WHERE code = 'USD'");
        TestDatabase.exec(DB, "INSERT INTO currencies VALUES ('CHF', 'Franc', 0.95)");
        TableResult second = pass("currencies");
        assertEquals(4, second.read());
        assertEquals(1, second.created());
        assertEquals(1, second.updated());
        assertEquals(2, second.unchanged());
        assertEquals(new Decimal128(new BigDecimal("1.090000")),
                coll("currencies").find(new Document("_id", "USD")).first().get("rate"));
    }
}
