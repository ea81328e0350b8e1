package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Capture modes and the page listener: every scan of every mode (load, incremental, NULL change column, full
 * rescan) tells the listener after each written batch, which is what renews the table lease on long scans; the
 * mode is chosen per table ({@code auto}, or SYNC_&lt;TABLE&gt;_CAPTURE_MODE); a {@code @Named("<table>")}
 * {@link io.mysqlmongosync.mapping.DocumentCustomizer} bean changes the table's documents.
 */
@QuarkusTest
@QuarkusTestResource(value = SyncTestResource.class, restrictToAnnotatedClass = true, initArgs = {
    @ResourceArg(name = "database", value = CaptureIT.DB),
    @ResourceArg(name = "schema", value = "/db/capture.sql"),
    @ResourceArg(name = "tables", value = "rescan_items,null_items,timed_items"),
    @ResourceArg(name = "SYNC_TIMED_ITEMS_CAPTURE_MODE", value = "rescan"),
    @ResourceArg(name = "sync.batch-size", value = "10"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class CaptureIT extends EngineFixture {

    static final String DB = "mms_capture";

    @Inject
    TableSynchronizer synchronizer;

    @Inject
    TableCatalog catalog;

    @Test
    void aFullRescanRenewsTheLeaseAfterEveryPageAndTheCustomizerShapesTheDocuments() throws Exception {
        insert("INSERT INTO rescan_items (id, name) VALUES (?, ?)", 45);
        TableContext table = catalog.discover().get("rescan_items");
        assertEquals("rescan", table.captureMode(), "auto: no change column");
        assertEquals("rescan+rescan_items", table.strategyName());
        for (int pass = 1; pass <= 2; pass++) {
            AtomicInteger pages = new AtomicInteger();
            TableResult r = sync(table, pages);
            assertEquals("full", r.mode());
            assertEquals(45, r.read(), r.toString());
            assertEquals(5, pages.get(), "pass " + pass + ": the lease hook runs after each of the 5 pages");
            assertEquals(pass == 1 ? 45 : 0, r.created(), r.toString());
            assertEquals(pass == 1 ? 0 : 45, r.unchanged(), "the rescan writes only changed content: " + r);
        }
        Document doc = collection("rescan_items").find(new Document("_id", 7)).first();
        assertEquals("ITEM 7", doc.getString("label"), doc.toJson());
        assertEquals("item 7", doc.getString("name"));
    }

    @Test
    void theRowsWithoutChangeTimeAreReReadUnderTheLease() throws Exception {
        insert("INSERT INTO null_items (id, name, updated_at) VALUES (?, ?, NULL)", 25);
        TableContext table = catalog.discover().get("null_items");
        assertEquals("timestamp", table.strategyName(), "auto: a change column, no customizer");
        AtomicInteger pages = new AtomicInteger();
        TableResult first = sync(table, pages);
        assertEquals("initial", first.mode());
        // load: 3 pages; incremental: nothing changed; NULL change column, no creation time: 3 pages re-read.
        assertEquals(6, pages.get(), first.toString());
        assertEquals(50, first.read(), first.toString());
        pages.set(0);
        TableResult second = sync(table, pages);
        assertEquals("incremental", second.mode());
        assertEquals(25, second.read(), second.toString());
        assertEquals(3, pages.get(), "the NULL rows are re-read each pass, each page under the lease hook");
        assertEquals(25, collection("null_items").countDocuments());
    }

    @Test
    void aTableWithAChangeColumnCanBeRescannedByConfiguration() throws Exception {
        insert("INSERT INTO timed_items (id, name) VALUES (?, ?)", 12);
        TableContext table = catalog.discover().get("timed_items");
        assertEquals("rescan", table.strategyName(), "SYNC_TIMED_ITEMS_CAPTURE_MODE=rescan");
        for (int pass = 1; pass <= 2; pass++) {
            AtomicInteger pages = new AtomicInteger();
            TableResult r = sync(table, pages);
            assertEquals("full", r.mode());
            assertEquals(12, r.read());
            assertEquals(2, pages.get());
        }
        assertEquals(12, collection("timed_items").countDocuments());
    }

    private TableResult sync(TableContext table, AtomicInteger pages) throws Exception {
        TableProgress progress = new TableProgress(table.name(), "starting", table.schema().estimatedRows());
        TableResult r = synchronizer.sync(table, false, false, progress, pages::incrementAndGet);
        assertTrue(r.succeeded(), r.toString());
        return r;
    }

    private MongoCollection<Document> collection(String name) {
        return coll(name);
    }

    private static void insert(String sql, int rows) throws Exception {
        try (Connection c = TestDatabase.connect(DB); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= rows; i++) {
                ps.setInt(1, i);
                ps.setString(2, "item " + i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
