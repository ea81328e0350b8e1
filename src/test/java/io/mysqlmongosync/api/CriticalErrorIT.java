package io.mysqlmongosync.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.AlertReceiver;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A privilege lost in MySQL is critical: the run stops, the scheduler pauses, an alert goes out. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_critical"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "quarkus.datasource.username", value = "mms_critical"),
    @ResourceArg(name = "quarkus.datasource.password", value = "crit-pass-1"),
    @ResourceArg(name = "sync.alert-webhook-url", value = "http://127.0.0.1:33081/alerts"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class CriticalErrorIT {

    static AlertReceiver webhook;
    static List<String> ALERTS;

    @Inject
    SyncController controller;

    @BeforeAll
    static void start() throws Exception {
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec("mms_critical", "CREATE USER IF NOT EXISTS 'mms_critical'@'" + host + "' IDENTIFIED BY 'crit-pass-1'");
            TestDatabase.exec("mms_critical", "GRANT SELECT ON mms_critical.products TO 'mms_critical'@'" + host + "'");
        }
        webhook = AlertReceiver.start(33081);
        ALERTS = webhook.bodies();
    }

    @AfterAll
    static void stop() {
        webhook.close();
    }

    @Test
    void lostPrivilegePausesWithAlertAndResumeRecovers() throws Exception {
        TestDatabase.exec("mms_critical", "INSERT INTO products (id, name, price) VALUES (1, 'a', 1.00)");
        given().post("/sync/resume").then().statusCode(200);
        awaitRuns(1);
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec("mms_critical", "REVOKE SELECT ON mms_critical.products FROM 'mms_critical'@'" + host + "'");
        }
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(2);
        given().get("/sync/status").then().body("paused", equalTo(true))
                .body("paused_reason", containsString("mysql_auth"));
        await("the alert").atMost(Duration.ofSeconds(10)).until(() -> !ALERTS.isEmpty());
        assertEquals(1, ALERTS.size());
        assertTrue(ALERTS.get(0).contains("\"reason\":\"mysql_auth\""), ALERTS.get(0));
        assertTrue(!ALERTS.get(0).contains("crit-pass-1"), "no password in alerts");
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertEquals(1.0, ControlApiIT.metric(metrics, "sync_alerts_total{reason=\"mysql_auth\"}"));
        assertEquals(1.0, ControlApiIT.metric(metrics, "sync_paused"));

        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec("mms_critical", "GRANT SELECT ON mms_critical.products TO 'mms_critical'@'" + host + "'");
        }
        given().post("/sync/resume").then().statusCode(200).body("paused", equalTo(false));
        given().post("/sync/trigger").then().statusCode(202);
        awaitRuns(3);
        List<String> statuses = given().get("/sync/history").then().extract().jsonPath().getList("status");
        assertEquals(List.of("success", "failed", "success"), statuses);
    }

    private void awaitRuns(int n) {
        await("expected " + n + " finished runs").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    List<String> statuses = given().get("/sync/history").then().extract().jsonPath().getList("status");
                    return statuses.size() >= n && !statuses.contains("running") && controller.activeRun() == null;
                });
    }
}
