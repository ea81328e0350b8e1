package io.mysqlmongosync.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mysqlmongosync.api.ControlModels.IntervalRequest;
import io.mysqlmongosync.api.ControlModels.TriggerRequest;
import io.mysqlmongosync.api.ControlModels.VerifyRequest;
import jakarta.ws.rs.NotSupportedException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict reading of request bodies, without a server: each refused body gets the message the hand-written parser
 * gave before the records were read by Jackson (the expected texts were taken from it), so clients see the same
 * 400 answers. A message starting with {@code JSON } is a parse error (Jackson's own words, answered as
 * "Malformed JSON body: ...").
 */
class RequestBodiesTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 1.5}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got '1.5'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 1e3}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got '1000.0'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": \"15\"}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got '\"15\"'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": true}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got 'true'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": null}",
                        "interval_minutes must not be null (leave the field out instead)"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": [15]}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got '[15]'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 4294967311}",
                        "interval_minutes must be a whole number from 1 to 1440 written without a fraction or exponent, got '4294967311'"),
                Arguments.of(IntervalRequest.class, "{\"intervalMinutes\": 15}",
                        "Unknown field 'intervalMinutes'; allowed: [interval_minutes]"),
                Arguments.of(IntervalRequest.class, "null",
                        "The body must be a JSON object, got null"),
                Arguments.of(IntervalRequest.class, "[]",
                        "The body must be a JSON object, got an array"),
                Arguments.of(IntervalRequest.class, "\"15\"",
                        "The body must be a JSON object, got a string '\"15\"'"),
                Arguments.of(IntervalRequest.class, " ",
                        "The body is blank; send a JSON object"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 0}",
                        "interval_minutes must be between 1 and 1440, got 0"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 1441}",
                        "interval_minutes must be between 1 and 1440, got 1441"),
                Arguments.of(IntervalRequest.class, "",
                        "A JSON body is required"),
                Arguments.of(IntervalRequest.class, "{}",
                        "Body must be {\"interval_minutes\": <1..1440>}"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 15, \"interval_minutes\": 16}",
                        "JSON Duplicate field 'interval_minutes'"),
                Arguments.of(IntervalRequest.class, "{\"interval_minutes\": 15} x",
                        "JSON Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of(TriggerRequest.class, "{\"force_full_sync\": 2}",
                        "force_full_sync must be true or false, got a number '2'"),
                Arguments.of(TriggerRequest.class, "{\"force_full_sync\": \"true\"}",
                        "force_full_sync must be true or false, got a string '\"true\"'"),
                Arguments.of(TriggerRequest.class, "{\"force_full_sync\": null}",
                        "force_full_sync must not be null (leave the field out instead)"),
                Arguments.of(TriggerRequest.class, "{\"tables\": [null]}",
                        "tables[0] must be a table name (a non-empty string), got null"),
                Arguments.of(TriggerRequest.class, "{\"tables\": \"products\"}",
                        "tables must be an array of table names, got a string '\"products\"'"),
                Arguments.of(TriggerRequest.class, "{\"tables\": [5]}",
                        "tables[0] must be a table name (a non-empty string), got a number '5'"),
                Arguments.of(TriggerRequest.class, "{\"tables\": [\"a\", \"\"]}",
                        "tables[1] must be a table name (a non-empty string), got a string '\"\"'"),
                Arguments.of(TriggerRequest.class, "{\"reconcile\": 0}",
                        "reconcile must be true or false, got a number '0'"),
                Arguments.of(TriggerRequest.class, "{\"forceFullSync\": true}",
                        "Unknown field 'forceFullSync'; allowed: [force_full_sync, reconcile, tables]"),
                Arguments.of(TriggerRequest.class, " ",
                        "The body is blank; send a JSON object or nothing"),
                Arguments.of(VerifyRequest.class, "{\"force_full_sync\": true}",
                        "Unknown field 'force_full_sync'; allowed: [tables]"),
                Arguments.of(VerifyRequest.class, "{\"tables\": [{}]}",
                        "tables[0] must be a table name (a non-empty string), got an object"),
                Arguments.of(VerifyRequest.class, "{} {}",
                        "JSON Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`")
        );
    }

    @ParameterizedTest
    @MethodSource
    void refused(Class<?> type, String body, String message) {
        Exception e = assertThrows(Exception.class, () -> read(type, "application/json", body), body);
        if (message.startsWith("JSON ")) {
            assertEquals(message.substring(5), ((JsonProcessingException) e).getOriginalMessage(), body);
        } else {
            assertEquals(IllegalArgumentException.class, e.getClass(), body + ": " + e);
            assertEquals(message, e.getMessage(), body);
        }
    }

    @Test
    void validBodiesBecomeTheirRecords() throws Exception {
        assertEquals(new IntervalRequest(15), read(IntervalRequest.class, "application/json", "{\"interval_minutes\": 15}"));
        assertEquals(new IntervalRequest(IntervalMinutes.MAX), read(IntervalRequest.class, "application/json; charset=UTF-8",
                "{\"interval_minutes\": " + IntervalMinutes.MAX + "}"));
        assertEquals(new TriggerRequest(List.of("products"), true, false), read(TriggerRequest.class, "application/json",
                "{\"tables\": [\"products\"], \"force_full_sync\": true}"));
        assertEquals(new TriggerRequest(List.of(), false, true), read(TriggerRequest.class, "application/json",
                "{\"reconcile\": true}"));
        assertEquals(new VerifyRequest(List.of("a", "b")), read(VerifyRequest.class, "application/json",
                "{\"tables\": [\"a\", \"b\"]}"));
        assertEquals(new VerifyRequest(List.of()), read(VerifyRequest.class, "application/json", "{}"));
    }

    @Test
    void anEmptyOptionalBodyIsTheDefaultWhateverItsType() throws Exception {
        assertSame(TriggerRequest.NONE, read(TriggerRequest.class, "text/plain", ""));
        assertSame(VerifyRequest.NONE, read(VerifyRequest.class, null, null));
    }

    @Test
    void aBodyThatIsNotSentAsJsonIsRefusedAs415AndNoneWhereNoneIsTaken() {
        for (String type : List.of("text/plain", "application/jsonx", "json", "garbage/")) {
            assertThrows(NotSupportedException.class, () -> read(IntervalRequest.class, type, "{\"interval_minutes\": 3}"),
                    type);
        }
        assertThrows(NotSupportedException.class, () -> read(TriggerRequest.class, null, "{}"));
        assertEquals("POST /sync/pause takes no request body; send it empty",
                assertThrows(IllegalArgumentException.class, () -> RequestBodies.none("{}", "POST /sync/pause")).getMessage());
        RequestBodies.none("", "POST /sync/pause");
        RequestBodies.none(null, "POST /sync/pause");
    }

    private static Object read(Class<?> type, String contentType, String body) throws JsonProcessingException {
        if (type == IntervalRequest.class) {
            return RequestBodies.required(contentType, body, IntervalRequest.class);
        }
        if (type == TriggerRequest.class) {
            return RequestBodies.optional(contentType, body, TriggerRequest.class, TriggerRequest.NONE);
        }
        return RequestBodies.optional(contentType, body, VerifyRequest.class, VerifyRequest.NONE);
    }
}
