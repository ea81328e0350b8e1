package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.TargetDocument;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Delegates to the real writer and then pauses before returning (a write slow to be acknowledged), and records who
 * wrote which collection when.
 */
public class SlowUpserter extends BulkUpserter {

    /** One write: the thread that did it, the collection, and its start and end in nanoseconds. */
    public record Write(String thread, String collection, long start, long end) {
    }

    private final BulkUpserter real;
    private final long delayMillis;
    private final List<Write> writes = new CopyOnWriteArrayList<>();

    /** Sleeps {@code delayMillis} after every write is sent, before it is reported done. */
    public SlowUpserter(BulkUpserter real, long delayMillis) {
        super(null);
        this.real = real;
        this.delayMillis = delayMillis;
    }

    /** Every write so far. */
    public List<Write> writes() {
        return writes;
    }

    @Override
    public WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        long start = System.nanoTime();
        WriteOutcome out = real.write(collection, page, deletes, policy, fence);
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        writes.add(new Write(Thread.currentThread().getName(), collection, start, System.nanoTime()));
        return out;
    }
}
