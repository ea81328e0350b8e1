package io.mysqlmongosync.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One verify (or repair) request over a set of tables; its table results fill in while it runs. */
public final class VerificationRun {

    private final String id;
    private final boolean repair;
    private final Instant startedAt;
    private final Map<String, TableVerification> tables = new LinkedHashMap<>();
    private volatile Instant finishedAt;
    private volatile String status = "running";

    VerificationRun(String id, boolean repair, Iterable<String> tableNames) {
        this.id = id;
        this.repair = repair;
        this.startedAt = Instant.now();
        tableNames.forEach(t -> tables.put(t, new TableVerification(t)));
    }

    void finish(String finalStatus) {
        this.status = finalStatus;
        this.finishedAt = Instant.now();
    }

    /** Id. */
    public String id() {
        return id;
    }

    /** Whether differences are fixed as they are found. */
    public boolean repair() {
        return repair;
    }

    /** Start time. */
    public Instant startedAt() {
        return startedAt;
    }

    /** End time, or null while running. */
    public Instant finishedAt() {
        return finishedAt;
    }

    /** {@code running}, {@code done} or {@code failed}. */
    public String status() {
        return status;
    }

    /** Per-table results, in run order. */
    public Map<String, TableVerification> tables() {
        return tables;
    }
}
