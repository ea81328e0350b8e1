package io.mysqlmongosync.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The run-event signature: HMAC-SHA256 over the exact body bytes, lower-case hex, prefixed with {@code sha256=}. */
class EventSignatureTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void knownVectors() {
        // Computed independently (Python: hmac.new(key, body, hashlib.sha256).hexdigest()).
        assertEquals("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                EventSignature.sign("key", bytes("The quick brown fox jumps over the lazy dog")));
        // A non-ASCII secret is keyed by its UTF-8 bytes.
        assertEquals("sha256=78ab28afd2231556c2f1e7f850dd7db5838904bbb5b53ea48307abb6c33dab1a",
                EventSignature.sign("\u00e9", bytes("{\"a\":1}")));
    }

    @Test
    void verifiesOnlyTheSameBodyAndSecret() {
        byte[] body = bytes("{\"specversion\":\"1.0\",\"id\":\"1\"}");
        String header = EventSignature.sign("s3cret", body);
        assertTrue(EventSignature.verify("s3cret", body, header));
        assertFalse(EventSignature.verify("s3cret", bytes("{\"specversion\":\"1.0\",\"id\":\"2\"}"), header));
        assertFalse(EventSignature.verify("s3cret", bytes("{\"specversion\":\"1.0\", \"id\":\"1\"}"), header),
                "the exact bytes are signed, not the JSON they parse to");
        assertFalse(EventSignature.verify("other", body, header));
        assertFalse(EventSignature.verify("s3cret", body, null));
        assertFalse(EventSignature.verify("s3cret", body, header.substring("sha256=".length())));
    }
}
