package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.TargetDocument;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to the real writer but throws on one chosen call, like a crash in the middle of a pass. */
public class FailingUpserter extends BulkUpserter {

    private final BulkUpserter real;
    private final int failOnCall;
    private final AtomicInteger calls = new AtomicInteger();

    /** Fails the {@code failOnCall}-th write (1-based); all others go to {@code real}. */
    public FailingUpserter(BulkUpserter real, int failOnCall) {
        super(null);
        this.real = real;
        this.failOnCall = failOnCall;
    }

    @Override
    public WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        if (calls.incrementAndGet() == failOnCall) {
            throw new IllegalStateException("simulated crash before write " + failOnCall);
        }
        return real.write(collection, page, deletes, policy, fence);
    }
}
