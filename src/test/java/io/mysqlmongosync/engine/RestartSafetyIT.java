package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.FailingUpserter;
import io.mysqlmongosync.engine.port.TableCheckpoint;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** A pass that dies after some pages resumes from its checkpoint; the target ends equal, without duplicates. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_restart"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.batch-size", value = "100"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class RestartSafetyIT extends EngineFixture {

    @Inject
    BulkUpserter writer;

    @Inject
    CheckpointStore checkpoints;

    @Test
    void crashAfterThreePagesResumesFromCheckpoint() throws Exception {
        TestDatabase.exec("mms_restart", "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), seq / 100"
                + " FROM seq_1_to_1000");
        MongoCollection<Document> products = coll("products");

        BulkUpserter real = io.quarkus.arc.ClientProxy.unwrap(writer);
        QuarkusMock.installMockForType(new FailingUpserter(real, 4), BulkUpserter.class);
        TableResult crashed = pass("products");
        assertEquals("failed", crashed.status());
        assertEquals(300, products.countDocuments());
        TableCheckpoint cp = checkpoints.load("products").orElseThrow();
        assertEquals(TableCheckpoint.Phase.INITIAL, cp.phase());
        assertArrayEquals(new Object[] {300L}, cp.loadPosition());

        QuarkusMock.installMockForType(new FailingUpserter(real, -1), BulkUpserter.class);
        TableResult resumed = pass("products");
        assertEquals("success", resumed.status());
        assertEquals(700, resumed.read(), "only the rows after the checkpoint are read again");
        assertEquals(700, resumed.created());
        assertEquals(1000, products.countDocuments());
        assertEquals(1000, products.distinct("_id", Integer.class).into(new java.util.ArrayList<>()).size());
        assertEquals(TableCheckpoint.Phase.INCREMENTAL, checkpoints.load("products").orElseThrow().phase());
    }
}
