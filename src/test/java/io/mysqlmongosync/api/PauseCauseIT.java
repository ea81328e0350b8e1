package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.mysqlmongosync.engine.ControlService;
import io.mysqlmongosync.engine.ControlStateStore;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.engine.port.Dependencies;
import io.mysqlmongosync.testing.AlertReceiver;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Status truth and pauses that explain themselves: while MySQL refuses the sync the status is FAILED, not ready,
 * names the refusal and shows no table as healthy; a pause caused by a dependency (here a privilege the sync needs, taken away and
 * given back) records its cause, shows as FAILED, and ends by itself once the MySQL check passes again, with a
 * "resolved" alert; an operator's pause stays while every check passes; a dependency pause stored by an earlier
 * process (a restart after the password was fixed) ends as soon as the check passes.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_pauses"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "quarkus.datasource.username", value = "mms_pauses"),
    @ResourceArg(name = "quarkus.datasource.password", value = "pause-pass-1"),
    @ResourceArg(name = "sync.alert-webhook-url", value = "http://127.0.0.1:33093/alerts"),
    @ResourceArg(name = "sync.tick", value = "1s"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class PauseCauseIT {

    static final String DB = "mms_pauses";
    static AlertReceiver webhook;
    static List<String> ALERTS;

    @Inject
    SyncController controller;

    @Inject
    ControlService control;

    @Inject
    ControlStateStore store;

    @Inject
    Dependencies dependencies;

    @Inject
    MongoClient mongo;

    @BeforeAll
    static void start() throws Exception {
        grant("CREATE USER IF NOT EXISTS 'mms_pauses'@'%s' IDENTIFIED BY 'pause-pass-1'");
        grant("GRANT SELECT ON mms_pauses.products TO 'mms_pauses'@'%s'");
        webhook = AlertReceiver.start(33093);
        ALERTS = webhook.bodies();
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    private static void grant(String sql) throws Exception {
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec(DB, String.format(sql, host));
        }
    }

    @Test
    @Order(1)
    void aPauseByALostPrivilegeIsNotGreenAndEndsByItselfOnceThePrivilegeIsBack() throws Exception {
        given().contentType("application/json").body("{\"interval_minutes\": 1440}").put("/sync/interval").then()
                .statusCode(200);
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'a', 1.00)");
        given().post("/sync/resume").then().statusCode(200);
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(1);
        given().get("/sync/status").then().body("state", equalTo("RUNNING"));

        grant("REVOKE SELECT ON mms_pauses.products FROM 'mms_pauses'@'%s'");
        // Before any run meets the refusal, the status says so (once a check newer than the revoke answered, at most
        // a second later): never green while MySQL refuses the sync.
        await().atMost(Duration.ofSeconds(10)).until(() -> "refused".equals(given().get("/sync/status").then()
                .extract().path("dependencies.mysql.state")));
        given().get("/sync/status").then().body("state", equalTo("FAILED")).body("ready", equalTo(false))
                .body("dependencies.mysql.message", containsString("mms_pauses"))
                .body("dependencies.mongodb.state", equalTo("ok"))
                .body("tables.products.state", equalTo("down"));
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(2);
        given().get("/sync/status").then().body("paused", equalTo(true)).body("state", equalTo("FAILED"))
                .body("paused_reason", containsString("mysql_auth"));
        assertEquals("mysql_auth", stored().getString("paused_by"));
        assertFalse(control.resumeIfResolved(dependencies), "the check still fails: the pause stays");
        assertTrue(ALERTS.stream().anyMatch(a -> a.contains("\"reason\":\"mysql_auth\"") && a.contains(
                "resumes by itself once the MySQL connection check passes")), ALERTS.toString());

        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (2, 'while paused', 2.00)");
        grant("GRANT SELECT ON mms_pauses.products TO 'mms_pauses'@'%s'");
        // No POST /sync/resume: the scheduler's tick sees the MySQL check pass and ends the pause.
        await().atMost(Duration.ofSeconds(30)).until(() -> !control.state().paused());
        given().get("/sync/status").then().body("paused", equalTo(false)).body("paused_reason", equalTo(null))
                .body("ready", equalTo(true)).body("dependencies.mysql.state", equalTo("ok"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ALERTS.stream().anyMatch(a -> a.contains("\"resolved\":true")
                && a.contains("\"reason\":\"mysql_auth\"")));
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(3);
        assertEquals("while paused", mongo.getDatabase("t_" + DB).getCollection("products")
                .find(new Document("_id", 2)).first().getString("name"));
    }

    @Test
    @Order(2)
    void anOperatorsPauseStaysWhileEveryCheckPasses() {
        given().post("/sync/pause").then().statusCode(200).body("paused", equalTo(true));
        assertEquals("operator", stored().getString("paused_by"), "stored, so a restart keeps it an operator's pause");
        assertTrue(dependencies.state("mysql").ok() && dependencies.state("mongodb").ok());
        assertFalse(control.resumeIfResolved(dependencies));
        given().get("/sync/status").then().body("paused", equalTo(true)).body("state", equalTo("PAUSED"));
    }

    @Test
    @Order(3)
    void aDependencyPauseStoredByAnEarlierProcessEndsOnceTheCheckPasses() {
        // As a process that met a wrong password left it; this one starts with the password fixed.
        store.update(s -> s.withPaused("mysql_auth", "critical error (mysql_auth): Access denied for user"));
        assertEquals("mysql_auth", stored().getString("paused_by"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !control.state().paused());
        given().get("/sync/status").then().body("state", equalTo("RUNNING"));
    }

    private Document stored() {
        return mongo.getDatabase("t_" + DB).getCollection(ControlStateStore.COLLECTION)
                .find(new Document("_id", "control")).first();
    }

    private void awaitRuns(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> statuses = given().get("/sync/history").then().extract().jsonPath().getList("status");
            return statuses.size() >= n && !statuses.contains("running") && controller.activeRun() == null;
        });
    }
}
