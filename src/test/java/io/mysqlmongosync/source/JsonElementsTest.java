package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.mapping.BsonEncoding;
import io.mysqlmongosync.mapping.TypeConverter;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.Test;

/** JSON written straight from the parser gives the bytes of the document path, or is left to it. */
class JsonElementsTest {

    private static byte[] direct(String json) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        out.writeInt32(7); // something before, which a refusal must leave alone
        assertTrue(JsonElements.write(out, "attrs", json), json);
        return out.toByteArray();
    }

    private static byte[] viaDocument(String json) {
        BasicOutputBuffer out = new BasicOutputBuffer();
        out.writeInt32(7);
        BsonEncoding.element(out, "attrs", TypeConverter.json(json, "attrs"));
        return out.toByteArray();
    }

    @Test
    void plainJsonGivesTheDocumentPathsBytes() {
        for (String json : new String[] {
                "{}", "[]", "{\"color\": \"red\", \"size\": 42, \"tags\": [\"a\", \"b\"], \"ok\": true}",
                "{\"n\": null, \"nested\": {\"deep\": [1, 2.5, -3, 1e10, 12345678901, {\"x\": false}]}}",
                "[1, \"two\", [3, [4]], {\"five\": 5}, null]", "\"just a string\"", "17", "-0.0", "3.14159",
                "9223372036854775807", "true", "{\"ünï\": \"\\u00e9\\n\\t\\\"q\\\"\", \"emoji\": \"😀\"}",
                "  {\"spaced\" :  [ ]  }  ", "{\"a\": {\"a\": {\"a\": 1}}}",
                "{\"a\": 1}}"}) { // trailing text: both read the first value
            assertArrayEquals(viaDocument(json), direct(json), json);
        }
    }

    @Test
    void leavesToTheDocumentPathWhatItTreatsSpecially() {
        for (String json : new String[] {
                "{\"a\": 1, \"a\": 2}", // a name twice: the document keeps the last value at the first place
                "{\"$numberLong\": \"5\"}", "{\"price\": \"$5\"}", // could be extended JSON
                "null", // the column's null rules decide
                "{\"a\": ", "not json", "1, \"v\": 2", "", }) {
            BasicOutputBuffer out = new BasicOutputBuffer();
            out.writeInt32(7);
            assertFalse(JsonElements.write(out, "attrs", json), json);
            assertEquals(4, out.getPosition(), json);
        }
    }
}
