package io.mysqlmongosync.sink.reverse;

import com.mongodb.MongoCommandException;
import com.mongodb.client.ChangeStreamIterable;
import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.FullDocumentBeforeChange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;

/**
 * One open change stream of a reverse collection (see {@link ChangeStreams#open}), read in small batches. Events
 * are reduced to {@link ReverseEvent}s: an insert, update or replace carries the document as it is now (an event
 * whose document is gone again is left out: its delete follows), a delete its key and, when the server keeps
 * pre-images, the document before. {@link #resumeToken()} is where a new stream continues after the last batch.
 */
public final class ReverseChangeStream implements AutoCloseable {

    private static final List<String> OPERATIONS = List.of("insert", "update", "replace", "delete");
    private static final DocumentCodec CODEC = new DocumentCodec();

    private final MongoChangeStreamCursor<ChangeStreamDocument<Document>> cursor;
    private final long awaitMillis;
    private BsonDocument token;

    ReverseChangeStream(MongoCollection<Document> collection, StreamPosition from, long awaitMillis) {
        this.awaitMillis = awaitMillis;
        this.token = from == null ? null : from.token();
        MongoChangeStreamCursor<ChangeStreamDocument<Document>> c;
        try {
            c = watch(collection, from).fullDocumentBeforeChange(FullDocumentBeforeChange.WHEN_AVAILABLE).cursor();
        } catch (MongoCommandException e) {
            c = watch(collection, from).cursor(); // a server before 6.0 does not know pre-images
        }
        this.cursor = c;
    }

    private ChangeStreamIterable<Document> watch(MongoCollection<Document> collection, StreamPosition from) {
        ChangeStreamIterable<Document> w = collection.watch(List.of(Aggregates.match(Filters.in("operationType",
                OPERATIONS)))).fullDocument(FullDocument.UPDATE_LOOKUP).maxAwaitTime(awaitMillis,
                        TimeUnit.MILLISECONDS);
        return from == null ? w : from.token() != null ? w.resumeAfter(from.token())
                : w.startAtOperationTime(from.startAt());
    }

    /**
     * The next events, at most {@code max}, waiting up to about {@code waitMillis} for the first one; empty when
     * nothing happened.
     */
    public List<ReverseEvent> poll(int max, long waitMillis) throws InterruptedException {
        List<ReverseEvent> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + waitMillis;
        while (out.size() < max) {
            long asked = System.currentTimeMillis();
            ChangeStreamDocument<Document> e = cursor.tryNext();
            if (e == null) {
                long left = deadline - System.currentTimeMillis();
                if (!out.isEmpty() || left <= 0) {
                    break;
                }
                if (System.currentTimeMillis() - asked < awaitMillis / 2) {
                    Thread.sleep(Math.min(left, 100)); // a server that does not wait for events (no awaitData)
                }
                continue;
            }
            token = e.getResumeToken();
            ReverseEvent event = event(e);
            if (event != null) {
                out.add(event);
            }
        }
        BsonDocument after = cursor.getResumeToken();
        if (after != null) {
            token = after;
        }
        return out;
    }

    /**
     * Where a stream opened later continues after everything {@link #poll} returned: the resume token, or null when
     * the server has given none yet (a server without post-batch resume tokens, before its first event).
     */
    public BsonDocument resumeToken() {
        BsonDocument after = token == null ? cursor.getResumeToken() : token;
        if (after != null) {
            token = after;
        }
        return token;
    }

    private static ReverseEvent event(ChangeStreamDocument<Document> e) {
        long at = e.getWallTime() != null ? e.getWallTime().getValue()
                : e.getClusterTime() != null ? e.getClusterTime().getTime() * 1000L : System.currentTimeMillis();
        if ("delete".equals(e.getOperationTypeString())) {
            BsonDocument key = e.getDocumentKey();
            if (key == null || !key.containsKey("_id")) {
                return null;
            }
            Object id = CODEC.decode(new BsonDocumentReader(key), DecoderContext.builder().build()).get("_id");
            return new ReverseEvent(ReverseEvent.Kind.DELETE, id, null, e.getFullDocumentBeforeChange(), at,
                    e.getResumeToken());
        }
        Document now = e.getFullDocument();
        if (now == null || !now.containsKey("_id")) {
            return null; // deleted (or changed beyond recognition) since: the later events tell
        }
        return new ReverseEvent(ReverseEvent.Kind.UPSERT, now.get("_id"), now, null, at, e.getResumeToken());
    }

    @Override
    public void close() {
        cursor.close();
    }
}
