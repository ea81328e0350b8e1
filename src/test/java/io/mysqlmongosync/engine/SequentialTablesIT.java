package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mysqlmongosync.sink.BulkUpserter;
import io.mysqlmongosync.sink.SlowUpserter;
import io.mysqlmongosync.testing.EngineFixture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SYNC_PARALLEL_TABLES=1: tables are synced one after another, in configured order. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_sequential"),
    @ResourceArg(name = "schema", value = "/db/parallel.sql"),
    @ResourceArg(name = "tables", value = "gamma,alpha,beta"),
    @ResourceArg(name = "sync.parallel-tables", value = "1"),
    @ResourceArg(name = "sync.batch-size", value = "50"),
    @ResourceArg(name = "sync.lookback-seconds", value = "0"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class SequentialTablesIT extends EngineFixture {

    static final String DB = "mms_sequential";

    @Inject
    BulkUpserter writer;

    @Test
    void limitOneKeepsTablesSequential() throws Exception {
        List<String> order = List.of("gamma", "alpha", "beta");
        ParallelTablesIT.fill(DB, order, 200);
        SlowUpserter slow = new SlowUpserter(ClientProxy.unwrap(writer), 20);
        QuarkusMock.installMockForType(slow, BulkUpserter.class);

        RunResult run = engine.run("manual", List.of(), false);

        assertEquals(order, run.tables().stream().map(TableResult::table).toList());
        run.tables().forEach(t -> assertEquals("success", t.status(), t.toString()));
        ParallelTablesIT.assertLoaded(mongo.getDatabase("t_" + DB), order, 200);
        List<SlowUpserter.Write> w = slow.writes();
        assertEquals(12, w.size());
        for (SlowUpserter.Write x : w) {
            for (SlowUpserter.Write y : w) {
                assertFalse(x != y && x.start() < y.end() && y.start() < x.end(), "two writes at the same time");
            }
        }
        // Configured order: every gamma write ends before the first alpha write, and alpha's before beta's.
        for (int i = 1; i < w.size(); i++) {
            assertFalse(order.indexOf(w.get(i).collection()) < order.indexOf(w.get(i - 1).collection()),
                    "tables written in configured order");
        }
    }
}
