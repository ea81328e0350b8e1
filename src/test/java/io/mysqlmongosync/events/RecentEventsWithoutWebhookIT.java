package io.mysqlmongosync.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.SecretFilesResource;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without SYNC_EVENTS_WEBHOOK_URL the run events are still listed by {@code GET /sync/events}, as {@code not_sent};
 * with authentication required the list needs the viewer role, as {@code GET /sync/history} does.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "ev2_events_nowebhook"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "sync.api.auth", value = "required")})
@WithTestResource(value = SecretFilesResource.class, initArgs = {
    @ResourceArg(name = "dir", value = RecentEventsWithoutWebhookIT.DIR),
    @ResourceArg(name = "file:sync.api.operator-token-file", value = RecentEventsWithoutWebhookIT.OPERATOR),
    @ResourceArg(name = "sync.api.viewer-token", value = RecentEventsWithoutWebhookIT.VIEWER)})
class RecentEventsWithoutWebhookIT {

    static final String DIR = "target/secrets/ev2-events";
    static final String OPERATOR = "op-Ev2-Tok3n-5d1c0b9a8e7f6a5b";
    static final String VIEWER = "vw-Ev2-Tok3n-4c3b2a1f0e9d8c7b";
    private static final String DB = "ev2_events_nowebhook";

    @Inject
    SyncController controller;

    @Test
    void eventsAreRecordedAsNotSentAndNeedTheViewerRole() {
        given().get("/sync/events").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-valid-token-at-all").get("/sync/events").then().statusCode(401);
        as(VIEWER).get("/sync/events").then().statusCode(200);
        as(VIEWER).queryParam("limit", "0").get("/sync/events").then().statusCode(400);

        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'a', 1.00), (2, 'b', 2.00)");
        String run = as(OPERATOR).contentType("application/json").body("{}").post("/sync/trigger").then()
                .statusCode(202).extract().path("run_id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> controller.activeRun() == null && controller.lastResult() != null
                        && run.equals(controller.lastResult().id()));

        List<Map<String, Object>> events = as(VIEWER).queryParam("limit", "5").get("/sync/events").then()
                .statusCode(200).extract().path("");
        Map<String, Object> e = events.stream().filter(x -> run.equals(x.get("subject"))).findFirst().orElseThrow(
                () -> new AssertionError("run " + run + " not listed: " + events));
        assertEquals("io.mysqlmongosync.run.finished", e.get("type"));
        assertEquals("not_sent", e.get("outcome"));
        assertTrue(((String) e.get("summary")).contains("counts.created=2"), e.toString());
        assertEquals(e, as(OPERATOR).queryParam("type", "run.finished").get("/sync/events").then().statusCode(200)
                .extract().<List<Map<String, Object>>>path("").get(0), "an operator is a viewer too");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
