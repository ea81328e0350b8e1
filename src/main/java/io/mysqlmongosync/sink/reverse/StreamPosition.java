package io.mysqlmongosync.sink.reverse;

import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Where a change stream continues: after a resume token, or, before the server has handed out any (a server
 * without post-batch resume tokens, before the first event), at an operation time. Stored as text in the reverse
 * stream's checkpoint: the token's JSON, or {@code at:<seconds>:<increment>}.
 *
 * @param token the resume token, or null
 * @param startAt the operation time to start at when there is no token
 */
public record StreamPosition(BsonDocument token, BsonTimestamp startAt) {

    private static final String AT = "at:";

    /** After {@code token}. */
    public static StreamPosition after(BsonDocument token) {
        return new StreamPosition(token, null);
    }

    /** At {@code epochSeconds} (a wall-clock time, for a server that gives no token before an event). */
    public static StreamPosition at(long epochSeconds) {
        return new StreamPosition(null, new BsonTimestamp((int) epochSeconds, 0));
    }

    /** The stored text. */
    public String encode() {
        return token != null ? token.toJson() : AT + startAt.getTime() + ":" + startAt.getInc();
    }

    /** The position {@code text} stores, or null when it is none. */
    public static StreamPosition decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.startsWith(AT)) {
            String[] p = text.substring(AT.length()).split(":");
            return new StreamPosition(null, new BsonTimestamp(Integer.parseInt(p[0]), Integer.parseInt(p[1])));
        }
        return after(BsonDocument.parse(text));
    }
}
