package io.mysqlmongosync.target;

import com.mongodb.MongoTimeoutException;

/** A lease store whose renewals fail as if MongoDB did not answer in time; everything else is the real store. */
public class UnrenewableLeaseStore extends LeaseStore {

    /** Over the real target database. */
    public UnrenewableLeaseStore(TargetDatabase target) {
        super(target);
    }

    @Override
    public Lease renew(Lease lease, long ttlMillis) {
        throw new MongoTimeoutException("simulated: no answer to the lease renewal");
    }
}
