package io.mysqlmongosync.sink.state;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;

/**
 * Decodes the loosely typed parts of an entity (a stored key: values of any BSON type) into the Java values a
 * {@link Document} read from the collection would hold, so a key reads back exactly as it did before the entities.
 */
final class BsonValues {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private BsonValues() {
    }

    /** The values of {@code array} as Java objects (Long, String, Date, Decimal128, Binary, ...), or null. */
    static List<Object> list(BsonArray array) {
        if (array == null) {
            return null;
        }
        Document d = CODEC.decode(new BsonDocumentReader(new BsonDocument("v", array)),
                DecoderContext.builder().build());
        return d.getList("v", Object.class);
    }
}
