package io.mysqlmongosync.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.LimitedUserTestResource;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Connection and credential validation: each problem gives one log line naming the variable to fix (no stack
 * trace), shows in {@code GET /sync/health}, keeps readiness DOWN while it lasts, and clears when fixed. The
 * service logs in as a MariaDB user with table-level grants only.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = LimitedUserTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = ConnectionValidationIT.DB),
    @ResourceArg(name = "schema", value = "/db/ecommerce.sql"),
    @ResourceArg(name = "tables", value = "products,categories"),
    @ResourceArg(name = "user", value = ConnectionValidationIT.USER),
    @ResourceArg(name = "password", value = ConnectionValidationIT.PASSWORD),
    @ResourceArg(name = "grants", value = "products,categories"),
    @ResourceArg(name = "io.mysqlmongosync.health.validation-interval", value = "1s")})
class ConnectionValidationIT {

    static final String DB = "mms_validate";
    static final String USER = "mms_limited";
    static final String PASSWORD = "lim-Pass-1";
    static LogCapture logs;

    @BeforeAll
    static void capture() {
        logs = LogCapture.of(ConnectionValidator.class);
    }

    @AfterAll
    static void release() {
        logs.detach();
    }

    @Test
    @Order(1)
    void goodGrantsAreReady() throws Exception {
        JsonPath ready = awaitReadiness(200, m -> m.equals("ok"));
        assertEquals("ok", connections(ready).getString("data.mongodb"));
        JsonPath health = given().get("/sync/health").then().statusCode(200).extract().jsonPath();
        assertEquals("healthy", health.getString("mysql_connection"));
        assertEquals("healthy", health.getString("mongodb_connection"));
    }

    @Test
    @Order(2)
    void missingSelectPrivilegeNamesTheTableAndMysqlUser() throws Exception {
        for (String host : LimitedUserTestResource.HOSTS) {
            // Table-level privileges apply at once, also to open connections.
            TestDatabase.exec(DB, "REVOKE SELECT ON " + DB + ".categories FROM '" + USER + "'@'" + host + "'");
        }
        String expected = "MySQL user '" + USER + "' lacks SELECT on table categories";
        JsonPath ready = awaitReadiness(503, m -> m.startsWith(expected));
        String message = connections(ready).getString("data.mysql");
        assertTrue(message.contains("MYSQL_USER") && message.contains("GRANT SELECT ON `" + DB + "`.`categories`"),
                message);
        assertHealth("mysql_connection", "unhealthy: " + expected);
        // more probes, each past the last one's second: still one log line
        await().during(Duration.ofMillis(3300)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1100))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
        assertLoggedOnce(expected);

        for (String host : LimitedUserTestResource.HOSTS) {
            TestDatabase.exec(DB, "GRANT SELECT ON " + DB + ".categories TO '" + USER + "'@'" + host + "'");
        }
        awaitReadiness(200, m -> m.equals("ok"));
        assertTrue(logs.messages().stream().anyMatch(m -> m.contains("MySQL connection check passes again")));
    }

    @Test
    @Order(3)
    void wrongPasswordNamesMysqlPasswordAndNeverPrintsIt() throws Exception {
        for (String host : LimitedUserTestResource.HOSTS) {
            TestDatabase.exec(DB, "ALTER USER '" + USER + "'@'" + host + "' IDENTIFIED BY 'rotated-Pass-2'");
        }
        try {
            String expected = "MySQL refused the login of user '" + USER + "'";
            JsonPath ready = awaitReadiness(503, m -> m.startsWith(expected));
            String message = connections(ready).getString("data.mysql");
            assertTrue(message.contains("check MYSQL_USER and MYSQL_PASSWORD"), message);
            String health = assertHealth("mysql_connection", "unhealthy: " + expected);
            for (String text : List.of(ready.prettify(), health)) {
                assertFalse(text.contains(PASSWORD) || text.contains("rotated-Pass-2"), "no password: " + text);
            }
            assertLoggedOnce(expected);
        } finally {
            for (String host : LimitedUserTestResource.HOSTS) {
                TestDatabase.exec(DB, "ALTER USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'");
            }
        }
        awaitReadiness(200, m -> m.equals("ok"));
    }

    @Test
    @Order(4)
    void missingDatabaseNamesMysqlDatabase() throws Exception {
        TestDatabase.exec(DB, "DROP DATABASE " + DB);
        try {
            String expected = "MySQL database '" + DB + "' does not exist";
            JsonPath ready = awaitReadiness(503, m -> m.startsWith(expected));
            assertTrue(connections(ready).getString("data.mysql").endsWith("fix MYSQL_DATABASE"),
                    connections(ready).getString("data.mysql"));
            assertHealth("mysql_connection", "unhealthy: " + expected);
            assertLoggedOnce(expected);
        } finally {
            TestDatabase.recreate(DB, "/db/ecommerce.sql");
            for (String host : LimitedUserTestResource.HOSTS) {
                for (String table : List.of("products", "categories")) {
                    TestDatabase.exec(DB, "GRANT SELECT ON " + DB + "." + table + " TO '" + USER + "'@'" + host + "'");
                }
            }
        }
        awaitReadiness(200, m -> m.equals("ok"));
    }

    @Test
    @Order(5)
    void mongoUserWithoutWritePermissionNamesMongodbUri() throws Exception {
        QuarkusMock.installMockForType(new ReadOnlyMongoProbe("t_" + DB), MongoWriteProbe.class);
        String expected = "MongoDB connection (no user in MONGODB_URI) may not write to database 't_" + DB + "'";
        AtomicReference<JsonPath> last = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                Response r = given().get("/q/health/ready");
                last.set(r.jsonPath());
                return r.statusCode() == 503
                        && String.valueOf(connections(last.get()).getString("data.mongodb")).startsWith(expected);
            });
        } catch (ConditionTimeoutException e) {
            // asserted below with the last answer
        }
        JsonPath ready = last.get();
        String message = connections(ready).getString("data.mongodb");
        assertTrue(message.startsWith(expected), ready.prettify());
        assertTrue(message.contains("readWrite") && message.contains("not authorized"), message);
        assertEquals("ok", connections(ready).getString("data.mysql"));
        assertHealth("mongodb_connection", "unhealthy: " + expected);
        assertLoggedOnce(expected);
    }

    private static JsonPath connections(JsonPath ready) {
        return new JsonPath(ready.prettify()).setRootPath("checks.find { it.name == 'sync-connections' }");
    }

    private static JsonPath awaitReadiness(int status, Predicate<String> mysql) {
        AtomicReference<Response> last = new AtomicReference<>();
        try {
            return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                Response r = given().get("/q/health/ready");
                last.set(r);
                String m = connections(r.jsonPath()).getString("data.mysql");
                return r.statusCode() == status && m != null && mysql.test(m) ? r.jsonPath() : null;
            }, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("readiness never became " + status + " as expected: "
                    + (last.get() == null ? "" : last.get().asString()), e);
        }
    }

    private static String assertHealth(String field, String prefix) {
        String body = given().get("/sync/health").then().statusCode(200).extract().asString();
        String value = new JsonPath(body).getString(field);
        assertTrue(value.startsWith(prefix), field + " = " + value);
        return body;
    }

    private static void assertLoggedOnce(String start) {
        List<java.util.logging.LogRecord> lines = logs.records().stream()
                .filter(r -> LogCapture.text(r).startsWith(start)).toList();
        assertEquals(1, lines.size(), "one log line for the problem: " + lines.stream().map(LogCapture::text).toList());
        assertNull(lines.get(0).getThrown(), "no stack trace");
        assertTrue(lines.get(0).getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
    }
}
