package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.TargetDocument;
import java.util.List;

/** A writer whose every call goes through a test's script, which may delegate to the real writer. */
public class ScriptedUpserter extends BulkUpserter {

    /** What one write does. */
    @FunctionalInterface
    public interface Script {
        /** Handles a write under {@code fence}; {@code real} is the service's own writer. */
        WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
                WriteFence fence, BulkUpserter real);
    }

    private final BulkUpserter real;
    private final Script script;

    /** Sends every write through {@code script}. */
    public ScriptedUpserter(BulkUpserter real, Script script) {
        super(null);
        this.real = real;
        this.script = script;
    }

    @Override
    public WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        return script.write(collection, page, deletes, policy, fence, real);
    }
}
