package io.mysqlmongosync.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.EventReceiver;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /sync/events} with a webhook that answers 500: the run's run.finished event is listed with its counts,
 * failed after the retries (the next one delivered once the receiver answers 2xx); bad {@code limit} and
 * {@code type} values are 400 naming the parameter; neither the webhook URL nor its secret appears in the answer or
 * on the page.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "ev2_events_failing"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.events-webhook-secret", value = RecentEventsFailingWebhookIT.SECRET),
    @ResourceArg(name = "sync.events-max-attempts", value = "2"),
    @ResourceArg(name = "sync.events-timeout-seconds", value = "3"),
    @ResourceArg(name = "sync.events-retry-delay-millis", value = "50"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
@WithTestResource(EventReceiver.class)
class RecentEventsFailingWebhookIT {

    static final String SECRET = "recent-events-secret-91c4";
    private static final String DB = "ev2_events_failing";

    @Inject
    SyncController controller;

    @Test
    void failedDeliveryIsShownWithTheRunCounts() {
        EventReceiver.current().mode(EventReceiver.Mode.FAIL);
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'a', 1.00), (2, 'b', 2.00),"
                + " (3, 'c', 3.00)");
        Instant before = Instant.now();
        String run = runAndWait();
        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(event(run).get("outcome")));
        Map<String, Object> e = event(run);
        assertEquals("io.mysqlmongosync.run.finished", e.get("type"));
        String summary = (String) e.get("summary");
        assertTrue(summary.contains("status=success"), summary);
        assertTrue(summary.contains("counts.created=3"), summary);
        assertFalse(Instant.parse((String) e.get("time")).isBefore(before.minusSeconds(1)), e.toString());
        assertFalse(((String) e.get("id")).isBlank());
        assertEquals(2, EventReceiver.current().requests().stream().filter(r -> new String(r.body()).contains(run))
                .count(), "one attempt and one retry");

        String all = given().get("/sync/events?limit=100").then().statusCode(200).extract().asString();
        String page = given().get("/").asString() + given().get("/operator.js").asString();
        for (String text : List.of(all, page)) {
            assertFalse(text.contains(SECRET));
            assertFalse(text.contains("http://127.0.0.1"), "the webhook URL stays out");
        }
        assertTrue(page.contains("id=\"events\"") && page.contains("sync/events"), "the Recent events panel");

        // The receiver recovers: the next run's event is delivered; the earlier one stays failed.
        EventReceiver.current().mode(EventReceiver.Mode.OK);
        String next = runAndWait();
        await().atMost(Duration.ofSeconds(30)).until(() -> "delivered".equals(event(next).get("outcome")));
        assertEquals("failed", event(run).get("outcome"));
    }

    @Test
    void badParametersAre400NamingThem() {
        for (String limit : List.of("0", "101", "abc", "-1", "2.5")) {
            Response r = given().queryParam("limit", limit).get("/sync/events");
            assertEquals(400, r.statusCode(), limit);
            assertEquals("bad_request", r.path("error"), limit);
            assertTrue(r.<String>path("message").startsWith("limit must be a whole number from 1 to 100"),
                    r.asString());
        }
        Response r = given().queryParam("type", "run.exploded").get("/sync/events");
        assertEquals(400, r.statusCode());
        assertTrue(r.<String>path("message").startsWith("type must be one of run.finished"), r.asString());
        given().queryParam("type", "alert.raised").get("/sync/events").then().statusCode(200);
        given().queryParam("type", "io.mysqlmongosync.run.finished").queryParam("limit", "100").get("/sync/events")
                .then().statusCode(200);
    }

    /** The event of {@code run}, or an empty map while it is not listed. */
    private static Map<String, Object> event(String run) {
        List<Map<String, Object>> events = given().queryParam("type", "run.finished").get("/sync/events").then()
                .statusCode(200).extract().path("");
        return events.stream().filter(e -> run.equals(e.get("subject"))).findFirst().orElse(Map.of());
    }

    private String runAndWait() {
        return ActiveRuns.triggerAndAwait(controller);
    }
}
