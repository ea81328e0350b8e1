package io.mysqlmongosync.packaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysqlmongosync.testing.InProcessMongo;
import io.mysqlmongosync.testing.ServiceEnv;
import io.mysqlmongosync.testing.ServiceProcess;
import io.mysqlmongosync.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The production log format, as the packaged service writes it with its defaults (prod profile: JSON lines): every
 * line is one JSON object, the table-completion line carries the documented fields in its {@code mdc} object, and
 * neither the MySQL password nor the MongoDB URI's password appears anywhere in the output.
 */
class JsonLogPackagedIT {

    static final String DB = "mms_jsonlog";
    static final String SECRET = "Json-Log-S3cret-never-logged";

    @RegisterExtension
    static final InProcessMongo mongo = InProcessMongo.start();

    @BeforeAll
    static void setUp() {
        TestDatabase.recreate(DB, "/db/items.sql");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'kettle', 24.90), (2, 'cup', 4.20)");
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec(DB, "CREATE USER IF NOT EXISTS 'mms_json'@'" + host + "' IDENTIFIED BY '" + SECRET + "'");
            TestDatabase.exec(DB, "ALTER USER 'mms_json'@'" + host + "' IDENTIFIED BY '" + SECRET + "'");
            TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".* TO 'mms_json'@'" + host + "'");
        }
    }

    @Test
    void tableCompletionLineIsJsonWithTheDocumentedFieldsAndNoSecret() throws Exception {
        Map<String, String> env = ServiceEnv.of(DB, mongo.uri(), "jsonlog", "products", "MYSQL_USER", "mms_json",
                "MYSQL_PASSWORD", SECRET, "SYNC_ENABLED", "false", "SYNC_API_OPERATOR_TOKEN", "operator-token-0123456789");
        try (ServiceProcess p = ServiceProcess.start(env)) {
            assertTrue(p.awaitOutput("Table products → collection products", Duration.ofSeconds(90)), p.output());
            // discovery is logged before the HTTP server listens: wait for it (a trigger was refused under load)
            assertTrue(p.awaitOutput("Listening on", Duration.ofSeconds(60)), p.output());
            HttpResponse<String> trigger = p.http("POST", "/sync/trigger", "{}", "Authorization",
                    "Bearer operator-token-0123456789");
            assertEquals(202, trigger.statusCode(), trigger.body());
            assertTrue(p.awaitOutput("\"operation\":\"sync_completed\"", Duration.ofSeconds(60)), p.output());

            ObjectMapper json = new ObjectMapper();
            JsonNode completion = null;
            for (String line : p.output().split("\\R")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = json.readTree(line); // throws on a line that is not one JSON object
                assertTrue(node.isObject(), "not a JSON object: " + line);
                if ("sync_completed".equals(node.path("mdc").path("operation").asText())) {
                    completion = node;
                }
            }
            assertTrue(completion != null, p.output());
            for (String field : List.of("timestamp", "level", "logger", "message", "mdc")) {
                assertTrue(completion.has(field), field + " missing: " + completion);
            }
            assertEquals("INFO", completion.get("level").asText());
            JsonNode mdc = completion.get("mdc");
            for (String field : List.of("component", "table", "operation", "records_processed", "records_updated",
                    "records_created", "duration_seconds", "errors")) {
                assertTrue(mdc.has(field), "documented field " + field + " missing: " + mdc);
            }
            assertEquals("sync_service", mdc.get("component").asText());
            assertEquals("products", mdc.get("table").asText());
            assertTrue(mdc.get("records_processed").asInt() >= 2, mdc.toString()); // rows read, re-reads included
            assertEquals(2, mdc.get("records_created").asInt());
            assertEquals(0, mdc.get("errors").asInt());
            assertTrue(mdc.get("duration_seconds").asDouble() >= 0, mdc.toString());
            String out = p.output();
            // The driver's settings dump (about 3 KB per client) is not logged at INFO.
            assertEquals(0, count(out, "MongoClient with metadata"), out);
            assertFalse(out.contains(SECRET), "the MySQL password must never be logged");
            assertFalse(out.contains("operator-token-0123456789"), "the API token must never be logged");
        }
    }

    /**
     * While a dependency is down, readiness probes log nothing each: the connection check logs the problem once when
     * it appears and once when it is gone, however many probes come in between.
     */
    @Test
    void aDependencyDownIsLoggedOnceAndItsReturnOnceWhateverTheProbes() throws Exception {
        String user = "mms_json_down";
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec(DB, "CREATE USER IF NOT EXISTS '" + user + "'@'" + host + "' IDENTIFIED BY 'other-pw'");
            TestDatabase.exec(DB, "ALTER USER '" + user + "'@'" + host + "' IDENTIFIED BY 'other-pw'");
            TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".* TO '" + user + "'@'" + host + "'");
        }
        // refused until the user's password is set to SECRET below
        Map<String, String> env = ServiceEnv.of(DB, mongo.uri(), "jsonlog_down", "products", "MYSQL_USER", user,
                "MYSQL_PASSWORD", SECRET, "SYNC_ENABLED", "false");
        try (ServiceProcess p = ServiceProcess.start(env)) {
            assertTrue(p.awaitOutput("Listening on", Duration.ofSeconds(90)), p.output());
            for (int i = 0; i < 8; i++) {
                assertEquals(503, ready(p).statusCode(), p.output());
            }
            assertEquals(1, count(p.output(), "MySQL refused the login of user '" + user + "'"), p.output());
            assertEquals(0, count(p.output(), "SRHCK01001"), "no line per probe:\n" + p.output());

            for (String host : List.of("%", "localhost")) {
                TestDatabase.exec(DB, "ALTER USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + SECRET + "'");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> ready(p).statusCode() == 200);
            for (int i = 0; i < 8; i++) {
                assertEquals(200, ready(p).statusCode(), p.output());
            }
            assertEquals(1, count(p.output(), "MySQL connection check passes again"), p.output());
            assertEquals(1, count(p.output(), "MySQL refused the login of user '" + user + "'"), p.output());
            assertEquals(0, count(p.output(), "SRHCK01001"), p.output());
            assertFalse(p.output().contains(SECRET), "the MySQL password must never be logged");
        }
    }

    /** The lines of {@code out} that contain {@code text}. */
    private static long count(String out, String text) {
        return out.lines().filter(l -> l.contains(text)).count();
    }

    private static HttpResponse<String> ready(ServiceProcess p) throws Exception {
        return p.http("GET", "/q/health/ready", null);
    }
}
