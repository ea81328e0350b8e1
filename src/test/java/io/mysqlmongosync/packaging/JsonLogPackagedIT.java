package io.mysqlmongosync.packaging;

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
            assertFalse(out.contains(SECRET), "the MySQL password must never be logged");
            assertFalse(out.contains("operator-token-0123456789"), "the API token must never be logged");
        }
    }
}
