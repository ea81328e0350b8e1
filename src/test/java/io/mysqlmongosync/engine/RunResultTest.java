package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run status from its tables' outcomes: blocked and skipped tables are not a success. */
class RunResultTest {

    @Test
    void runStatusFromTableOutcomes() {
        assertEquals("success", status("success", "success"));
        assertEquals("partial", status("success", "failed"));
        assertEquals("partial", status("success", "blocked"));
        assertEquals("partial", status("success", "skipped"));
        assertEquals("failed", status("failed", "failed"));
        assertEquals("failed", status("blocked"));
        assertEquals("failed", status("blocked", "skipped"));
        assertEquals("skipped", status("skipped", "skipped"));
        assertEquals("skipped", status());
    }

    private static String status(String... tables) {
        List<TableResult> results = Arrays.stream(tables)
                .map(s -> new TableResult("t", s, "incremental", 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null)).toList();
        return RunResult.statusOf(results);
    }
}
