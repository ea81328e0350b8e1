package io.mysqlmongosync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Turns stored BSON documents into plain JSON for API answers: relaxed extended JSON, so Decimal128 stays an
 * exact {@code {"$numberDecimal": "..."}} and dates are ISO strings.
 */
final class BsonJson {

    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BsonJson() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(Document d) {
        try {
            return MAPPER.readValue(d.toJson(RELAXED), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored document is not JSON-serialisable", e);
        }
    }
}
