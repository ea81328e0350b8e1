package io.mysqlmongosync.sink;

import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.TargetDocument;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;

/**
 * A writer whose MongoDB is out of disk: every write fails the way {@code coll.bulkWrite} reports it, a
 * {@link MongoBulkWriteException} (own code -3) whose write errors carry 14031 OutOfDiskSpace.
 */
public class OutOfSpaceUpserter extends BulkUpserter {

    private final AtomicInteger calls = new AtomicInteger();

    /** Creates the failing writer. */
    public OutOfSpaceUpserter() {
        super(null);
    }

    @Override
    public WriteOutcome write(String collection, List<TargetDocument> page, List<Object> deletes, WritePolicy policy,
            WriteFence fence) {
        calls.incrementAndGet();
        throw error();
    }

    /** How many writes were attempted. */
    public int calls() {
        return calls.get();
    }

    /** The exception a bulk write gets from a server with a full disk. */
    public static MongoBulkWriteException error() {
        return new MongoBulkWriteException(BulkWriteResult.acknowledged(0, 0, 0, 0, List.of(), List.of()),
                List.of(new BulkWriteError(14031, "No space left on device", new BsonDocument(), 0)), null,
                new ServerAddress(), Set.of());
    }
}
