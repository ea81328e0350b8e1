package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.Lease;
import com.mongodb.MongoTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A lease store whose renewals fail as if MongoDB did not answer in time (while {@link #failing()} is set, from the
 * start); everything else is the real store. Counts the successful renewals.
 */
public class UnrenewableLeaseStore extends LeaseStore {

    private final AtomicBoolean failing = new AtomicBoolean(true);
    private final AtomicInteger renewals = new AtomicInteger();

    /** Over the real lease collection (null: only renewals may be called, and they touch nothing). */
    public UnrenewableLeaseStore(io.mysqlmongosync.sink.state.LeaseRepository repository) {
        super(repository);
    }

    /** Whether renewals fail now; set it to let them succeed (without writing, when there is no database). */
    public AtomicBoolean failing() {
        return failing;
    }

    /** The renewals that succeeded. */
    public int renewals() {
        return renewals.get();
    }

    @Override
    public Lease renew(Lease lease, long ttlMillis) {
        if (failing.get()) {
            throw new MongoTimeoutException("simulated: no answer to the lease renewal");
        }
        renewals.incrementAndGet();
        return lease;
    }
}
