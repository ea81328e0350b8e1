package io.mysqlmongosync.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

/** The hash written into {@code _sync.hash} stays exactly what the driver's codec gives, for every value type. */
class ContentHashTest {

    /** The original implementation: MD5 over the DocumentCodec encoding. */
    static String reference(Document d) throws Exception {
        BasicOutputBuffer buffer = new BasicOutputBuffer(512);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new DocumentCodec().encode(writer, d, EncoderContext.builder().build());
        }
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(buffer.getInternalBuffer(), 0, buffer.getPosition());
        return HexFormat.of().formatHex(md5.digest());
    }

    static Document row() {
        return new Document("id", 42).append("sku", "SKU-42").append("price", new Decimal128(new BigDecimal("19.90")))
                .append("weight", 1.25).append("views", 9_223_372_036_854_775_807L).append("active", true)
                .append("created_at", new Date(1_704_164_645_123L)).append("created_at_micros", 1_704_164_645_123_456L)
                .append("note", null).append("image", new Binary(new byte[] {1, 2, 3}))
                .append("uuid", new Binary((byte) 4, new byte[16])).append("tags", new ArrayList<>(List.of("a", "b")))
                .append("attributes", new Document("color", "red").append("dims", Arrays.asList(1, 2.5, null))
                        .append("nested", new Document("ok", false)))
                .append("location", new Document("type", "Point").append("coordinates", List.of(13.4, 52.5)))
                .append("unicode", "Grüße ✓ 😀");
    }

    @Test
    void sameBytesAsTheDriverCodecForEveryRowType() throws Exception {
        Document d = row();
        assertEquals(reference(d), ContentHash.of(d));
        assertEquals(reference(new Document()), ContentHash.of(new Document()));
    }

    @Test
    void otherTypesGoThroughTheCodec() throws Exception {
        Document d = row().append("oid", new ObjectId("65a1b2c3d4e5f60718293a4b"));
        assertEquals(reference(d), ContentHash.of(d));
        Document inList = new Document("ids", List.of(new ObjectId("65a1b2c3d4e5f60718293a4b")));
        assertEquals(reference(inList), ContentHash.of(inList));
    }

    @Test
    void typesAndOrderCountAndReuseDoesNotLeak() throws Exception {
        String big = ContentHash.of(new Document("blob", new Binary(new byte[3_000_000])));
        assertEquals(reference(new Document("a", 1)), ContentHash.of(new Document("a", 1)), "no bytes of the big row left");
        assertNotEquals(ContentHash.of(new Document("p", 1.5)),
                ContentHash.of(new Document("p", new Decimal128(new BigDecimal("1.5")))));
        assertNotEquals(ContentHash.of(new Document("a", 1).append("b", 2)),
                ContentHash.of(new Document("b", 2).append("a", 1)));
        assertNotEquals(big, ContentHash.of(new Document("blob", new Binary(new byte[3]))));
    }
}
