package io.mysqlmongosync.sink.reverse;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.mysqlmongosync.sink.CheckpointStore;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * MongoDB change streams of the reverse collections. Whether the deployment offers them is found by opening one
 * (a replica set or sharded cluster does; a standalone server refuses the {@code $changeStream} stage, and the
 * in-process test server answers only when its oplog is enabled): a bounded call, as every call here is bounded
 * by the client's socket timeout and the stream's {@code maxAwaitTime}.
 */
@ApplicationScoped
public class ChangeStreams {

    /** How long one read of a stream waits on the server for new events. */
    static final long AWAIT_MILLIS = 1_000;

    private final TargetDatabase target;

    ChangeStreams(TargetDatabase target) {
        this.target = target;
    }

    /** Whether change streams can be opened, and why not. */
    public record Support(boolean known, boolean supported, String reason) {
    }

    /**
     * Opens and closes a change stream on the checkpoint collection. Unsupported when the server refuses it (a
     * command error); unknown when MongoDB cannot be reached (ask again later).
     */
    public Support probe() {
        try (MongoChangeStreamCursor<ChangeStreamDocument<Document>> c = target.collection(CheckpointStore.COLLECTION)
                .watch().maxAwaitTime(AWAIT_MILLIS, TimeUnit.MILLISECONDS).cursor()) {
            return new Support(true, c.getServerCursor() != null || c.getResumeToken() != null,
                    "the server returned no change stream cursor");
        } catch (MongoCommandException e) {
            return new Support(true, false, "MongoDB refused a change stream (" + e.getErrorCode() + ": "
                    + e.getErrorMessage() + "); change streams need a replica set or a sharded cluster");
        } catch (MongoException e) {
            return new Support(false, false, e.getMessage());
        }
    }

    /**
     * Opens the change stream of {@code collection}: inserts, updates, replaces and deletes, the current document
     * looked up for each ({@code fullDocument: updateLookup}) and the pre-image when the server keeps one,
     * continuing at {@code from} (null: from now).
     *
     * @throws PositionRefusedException when the server cannot continue at {@code from} any more
     */
    public ReverseChangeStream open(String collection, StreamPosition from) {
        try {
            return new ReverseChangeStream(target.collection(collection), from, AWAIT_MILLIS);
        } catch (MongoCommandException e) {
            if (from == null) {
                throw e;
            }
            throw new PositionRefusedException(e.getErrorMessage(), e);
        }
    }
}
