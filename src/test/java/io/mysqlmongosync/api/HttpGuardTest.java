package io.mysqlmongosync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The path rules of {@link HttpGuard} and the input quoting of {@link ApiError}, without a server. */
class HttpGuardTest {

    @Test
    void documentedPathsPassAndBentOnesAreRefused() {
        for (String ok : List.of("/sync/status", "/sync/reset/products", "/sync/tables/order%20lines/sample", "/q/health/live",
                "/q/swagger-ui/", "/sync/reset/caf%C3%A9")) {
            assertNull(HttpGuard.pathProblem(ok), ok);
        }
        for (String bad : List.of("/sync/reset/products;DROP", "/sync;x", "/sync/reset/products/", "/sync//pause",
                "/sync/./pause", "/sync/../sync/pause", "/sync/reset/%70roducts", "/sync/reset/a%2Fb", "/sync/reset/a%5Cb",
                "/sync/reset/a\\b", "/sync/status%zz", "/sync/status%4", "/sync/reset/%00", "/%73ync/pause", "/sync/")) {
            assertNotNull(HttpGuard.pathProblem(bad), bad);
        }
    }

    @Test
    void quotesAreCutToAShortPrefixWithoutControlCharacters() {
        String q = ApiError.quote("x".repeat(1_000_000));
        assertTrue(q.startsWith("'" + "x".repeat(64) + "'"), q);
        assertTrue(q.length() < 100, q);
        assertEquals("'a?b'", ApiError.quote("a\u0000b"));
        assertEquals("null", ApiError.quote(null));
        assertEquals(ApiError.MAX_MESSAGE_CHARS + 3, ApiError.bounded("m".repeat(10_000)).length());
    }
}
