package io.mysqlmongosync.engine.port;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

/** The 16 MiB check of a document before it is written, as a map and as bytes, exact at the limit. */
class TargetDocumentTest {

    private static Document withBlob(int bytes) {
        return new Document("_id", 3).append("name", "big").append("data", new Binary(new byte[bytes]))
                .append("_sync", new Document("table", "files").append("hash", "h"));
    }

    private static long encodedSize(Document d) {
        return new RawBsonDocument(d, new DocumentCodec()).getByteBuffer().remaining();
    }

    @Test
    void aDocumentOverTheLimitExceedsItAsAMapAndAsBytes() {
        Document big = withBlob(17 * 1024 * 1024);
        TargetDocument map = new TargetDocument(3, big, "h", 1);
        assertTrue(map.exceeds(TargetDocument.MAX_BSON_BYTES));
        assertEquals(encodedSize(big), map.bsonSize());
        TargetDocument raw = new TargetDocument(3, null, "h", 1, new RawBsonDocument(big, new DocumentCodec()));
        assertTrue(raw.exceeds(TargetDocument.MAX_BSON_BYTES));
    }

    @Test
    void theLimitItselfIsAllowedAndOneByteMoreIsNot() {
        Document probe = withBlob(0);
        int overhead = (int) encodedSize(probe);
        Document exact = withBlob(TargetDocument.MAX_BSON_BYTES - overhead);
        assertEquals(TargetDocument.MAX_BSON_BYTES, encodedSize(exact));
        assertFalse(new TargetDocument(3, exact, "h", 1).exceeds(TargetDocument.MAX_BSON_BYTES));
        Document over = withBlob(TargetDocument.MAX_BSON_BYTES - overhead + 1);
        assertTrue(new TargetDocument(3, over, "h", 1).exceeds(TargetDocument.MAX_BSON_BYTES));
    }

    @Test
    void nestedValuesAndTextCountToo() {
        String text = "\u20ac".repeat(6 * 1024 * 1024); // 3 bytes each in UTF-8: 18 MiB
        Document doc = new Document("_id", 1).append("lines", List.of(new Document("note", text)));
        assertTrue(new TargetDocument(1, doc, "h", 1).exceeds(TargetDocument.MAX_BSON_BYTES));
        Document small = new Document("_id", 1).append("lines", List.of(new Document("note", "x".repeat(1000))));
        assertFalse(new TargetDocument(1, small, "h", 1).exceeds(TargetDocument.MAX_BSON_BYTES));
    }
}
