package io.mysqlmongosync.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mysqlmongosync.sink.ContentHash;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bson.BsonBinarySubType;
import org.bson.BsonRegularExpression;
import org.bson.BsonSerializationException;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The BSON elements written by hand are the driver codec's bytes, and the hash of them is ContentHash's. */
class BsonEncodingTest {

    @Test
    void everyValueTypeIsTheCodecsBytes() {
        Document d = new Document("null", null)
                .append("text", "Grüße 😀 \\ \"q\" \t")
                .append("empty", "")
                .append("int", Integer.MIN_VALUE)
                .append("long", Long.MAX_VALUE)
                .append("double", -0.0)
                .append("nan", Double.NaN)
                .append("true", true)
                .append("false", false)
                .append("date", new Date(-1L))
                .append("decimal", new Decimal128(new BigDecimal("-1234567890.123456789012345678901234")))
                .append("decimalNaN", Decimal128.NaN)
                .append("negativeZero", Decimal128.NEGATIVE_ZERO)
                .append("binary", new Binary(new byte[] {0, 1, 2}))
                .append("oldBinary", new Binary(BsonBinarySubType.OLD_BINARY, new byte[] {3, 4}))
                .append("uuidBinary", new Binary(BsonBinarySubType.UUID_STANDARD, new byte[16]))
                .append("nested", new Document("a", List.of(1, 2.5, "x")).append("b", new Document()))
                .append("list", new ArrayList<>(Arrays.asList(null, 1L, new Document("c", true))))
                .append("emptyList", List.of())
                .append("objectId", new ObjectId("0123456789abcdef01234567"))
                .append("regex", new BsonRegularExpression("^a", "i"))
                .append("pattern", Pattern.compile("b+"))
                .append("nestedOther", new Document("id", new ObjectId("0123456789abcdef01234567")))
                .append("listOther", List.of(new BsonRegularExpression("x")));
        BasicOutputBuffer out = new BasicOutputBuffer();
        int at = BsonEncoding.start(out);
        int from = out.getPosition();
        for (var e : d.entrySet()) {
            BsonEncoding.element(out, e.getKey(), e.getValue());
        }
        int to = out.getPosition();
        BsonEncoding.end(out, at);
        byte[] expected = bytes(new RawBsonDocument(d, new DocumentCodec()));
        assertArrayEquals(expected, out.toByteArray());
        assertEquals(ContentHash.of(d), BsonEncoding.hash(out, from, to));
    }

    @Test
    void stringsAndNamesAreTheDriversBytesWhateverTheirCharacters() {
        String[] texts = {"", "plain ascii 0123456789 ~!", "with\u0000zero", "\u007f\u0080", "latin é",
                "ü".repeat(300), "x".repeat(5000), "pair 😀", "lone high \ud83d end", "lone low \ude00",
                "\ud83d", "\u0800\uffff"};
        for (String t : texts) {
            Document d = new Document("s", t);
            String name = t.indexOf('\u0000') >= 0 ? "n" : t; // a name cannot hold a 0 character
            d.append(name.isEmpty() ? "e" : name, 1);
            BasicOutputBuffer out = new BasicOutputBuffer();
            int at = BsonEncoding.start(out);
            BsonEncoding.string(out, "s", t);
            BasicOutputBuffer named = new BasicOutputBuffer();
            BsonEncoding.name(named, org.bson.BsonType.INT32, BsonEncoding.cstring(name.isEmpty() ? "e" : name));
            out.writeBytes(named.toByteArray());
            out.writeInt32(1);
            BsonEncoding.end(out, at);
            assertArrayEquals(bytes(new RawBsonDocument(d, new DocumentCodec())), out.toByteArray(), t);
        }
        BasicOutputBuffer out = new BasicOutputBuffer();
        assertThrows(BsonSerializationException.class, () -> BsonEncoding.cstring("a\u0000b"));
        assertThrows(BsonSerializationException.class, () -> BsonEncoding.nullValue(out, "a\u0000b"));
    }

    @Test
    void emptyDocumentHash() {
        BasicOutputBuffer out = new BasicOutputBuffer();
        assertEquals(ContentHash.of(new Document()), BsonEncoding.hash(out, 0, 0));
    }

    private static byte[] bytes(RawBsonDocument doc) {
        var b = doc.getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
