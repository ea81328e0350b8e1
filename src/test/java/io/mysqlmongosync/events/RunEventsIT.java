package io.mysqlmongosync.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.EventReceiver;
import io.mysqlmongosync.testing.LogCapture;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Run events (issue 31): a receiver gets signed CloudEvents for runs, blocked tables and alerts; a receiver that
 * answers 500 or never answers does not slow a run, its deliveries are retried a bounded number of times and
 * counted, and the queue keeps at most SYNC_EVENTS_QUEUE_SIZE events, dropping the oldest.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_events"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.events-webhook-secret", value = RunEventsIT.SECRET),
    @ResourceArg(name = "sync.events-queue-size", value = "3"), // the blocked run sends 3 events at once
    @ResourceArg(name = "sync.events-max-attempts", value = "3"),
    @ResourceArg(name = "sync.events-timeout-seconds", value = "3"),
    @ResourceArg(name = "sync.events-retry-delay-millis", value = "50"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
@WithTestResource(EventReceiver.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunEventsIT {

    static final String SECRET = "events-it-secret-7f3a";
    private static final String DB = "mms_events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINISHED = "io.mysqlmongosync.run.finished";

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    private static EventReceiver receiver() {
        return EventReceiver.current();
    }

    @Test
    @Order(1)
    void signedCloudEventCarriesTheRunAndItsCounts() throws Exception {
        receiver().mode(EventReceiver.Mode.OK);
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (1, 'a', 1.00), (2, 'b', 2.00),"
                + " (3, 'c', 3.00)");
        String first = runAndWait();
        JsonNode event = awaitEvent(FINISHED, first);
        assertEquals(first, event.get("subject").asText());
        assertTrue(event.get("source").asText().startsWith("/mysql-mongo-sync/"), event.toString());
        assertFalse(event.get("id").asText().isBlank());
        Instant.parse(event.get("time").asText()); // RFC 3339
        assertEquals("application/json", event.get("datacontenttype").asText());
        JsonNode data = event.get("data");
        assertEquals("success", data.get("status").asText());
        assertEquals(first, data.get("run_id").asText());
        // The first pass loads the 3 rows and re-reads them from the look-back window: 6 read, 3 of them re-read.
        assertEquals(3, data.at("/counts/read").asLong() - data.at("/counts/reread").asLong(), data.toString());
        assertEquals(3, data.at("/counts/reread").asLong(), data.toString());
        assertEquals(3, data.at("/counts/unchanged").asLong(), data.toString());
        assertEquals(3, data.at("/counts/created").asLong());
        assertEquals(0, data.at("/counts/updated").asLong());
        assertEquals("products", data.at("/tables/0/table").asText());
        assertEquals(3, data.at("/tables/0/created").asLong());

        TestDatabase.exec(DB, "UPDATE products SET price = 9.00 WHERE id = 2");
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) VALUES (4, 'd', 4.00)");
        String second = runAndWait();
        JsonNode data2 = awaitEvent(FINISHED, second).get("data");
        assertEquals(1, data2.at("/counts/created").asLong(), data2.toString());
        assertEquals(1, data2.at("/counts/updated").asLong(), data2.toString());

        for (EventReceiver.Received r : receiver().requests()) {
            assertFalse(new String(r.body(), StandardCharsets.UTF_8).contains(SECRET));
        }
        String metrics = metrics();
        assertFalse(metrics.contains(SECRET));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> metric(metrics(), "sync_events_total", FINISHED, "delivered") >= 2);
    }

    @Test
    @Order(2)
    void failingReceiverIsRetriedABoundedNumberOfTimesAndCounted() throws Exception {
        settle();
        receiver().mode(EventReceiver.Mode.FAIL);
        double failed = metric(metrics(), "sync_events_total", FINISHED, "failed");
        double errors = metric(metrics(), "sync_events_attempts_total", "result=\"error\"");
        LogCapture log = LogCapture.of(RunEvents.class);
        String run;
        try {
            run = runAndWait();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> metric(metrics(), "sync_events_total", FINISHED, "failed") == failed + 1);
        } finally {
            log.detach();
        }
        assertTrue(log.messages().stream().anyMatch(m -> m.contains("not delivered after 3 attempts: HTTP 500")),
                log.messages().toString());
        assertTrue(log.messages().stream().noneMatch(m -> m.contains(SECRET)), "the secret is never logged");
        List<EventReceiver.Received> tries = requestsOf(run);
        assertEquals(3, tries.size(), "SYNC_EVENTS_MAX_ATTEMPTS=3 attempts, then given up");
        for (EventReceiver.Received r : tries) {
            assertEquals(new String(tries.get(0).body(), StandardCharsets.UTF_8),
                    new String(r.body(), StandardCharsets.UTF_8), "a retry sends the same event");
            assertEquals(expectedSignature(r.body()), r.signature());
        }
        assertEquals(errors + 3, metric(metrics(), "sync_events_attempts_total", "result=\"error\""));
    }

    @Test
    @Order(3)
    void hangingReceiverDoesNotSlowTheRun() throws Exception {
        settle();
        receiver().mode(EventReceiver.Mode.HANG);
        double failed = metric(metrics(), "sync_events_total", FINISHED, "failed");
        double done = outcomes();
        String a = runAndWait();
        // Delivering A's event takes at least 3 attempts of 3 s: had the run waited for it, it would be counted by now.
        assertEquals(done, outcomes(), "the run ended before its event's delivery did");
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver().hanging() > 0);
        String b = runAndWait(); // runs and finishes while the receiver hangs
        assertTrue(receiver().hanging() > 0);
        assertEquals(done, outcomes(), "both runs ended before the first delivery gave up");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> metric(metrics(), "sync_events_total", FINISHED, "failed") == failed + 2);
        assertEquals(3, requestsOf(a).size());
        assertEquals(3, requestsOf(b).size());
        receiver().mode(EventReceiver.Mode.OK);
        receiver().release();
    }

    @Test
    @Order(4)
    void queueKeepsAtMostItsSizeAndDropsTheOldest() throws Exception {
        settle();
        receiver().mode(EventReceiver.Mode.HANG);
        double dropped = metric(metrics(), "sync_events_total", FINISHED, "dropped");
        double done = outcomes();
        int before = receiver().requests().size();
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(runAndWait());
            assertTrue(metric(metrics(), "sync_events_queued") <= 3, "SYNC_EVENTS_QUEUE_SIZE=3");
        }
        // The first event is still being delivered (≥ 9 s against a hanging receiver), three wait: two were dropped.
        assertEquals(3.0, metric(metrics(), "sync_events_queued"));
        assertEquals(dropped + 2, metric(metrics(), "sync_events_total", FINISHED, "dropped"));
        receiver().mode(EventReceiver.Mode.OK);
        receiver().release();
        await().atMost(Duration.ofSeconds(60)).until(() -> outcomes() == done + 6);
        Set<String> reached = new LinkedHashSet<>();
        for (EventReceiver.Received r : receiver().requests().subList(before, receiver().requests().size())) {
            reached.add(JSON.readTree(r.body()).at("/data/run_id").asText());
        }
        assertEquals(List.of(runs.get(0), runs.get(3), runs.get(4), runs.get(5)), List.copyOf(reached),
                "the one in flight and the three newest reach the receiver; the oldest waiting ones were dropped");
    }

    @Test
    @Order(5)
    void repairThatFindsDifferencesSendsThem() throws Exception {
        settle();
        receiver().mode(EventReceiver.Mode.OK);
        MongoCollection<Document> products = mongo.getDatabase("t_" + DB).getCollection("products");
        products.deleteOne(new Document("_id", 1));
        products.updateOne(new Document("_id", 2), Updates.set("name", "edited in MongoDB"));
        verification("/sync/verify"); // finds the differences, repairs nothing: no event
        verification("/sync/repair");
        JsonNode event = awaitEvent("io.mysqlmongosync.repair.differences", null);
        assertEquals("products", event.get("subject").asText());
        JsonNode data = event.get("data");
        assertEquals(1, data.get("missing").asLong(), data.toString());
        assertEquals(1, data.get("different").asLong(), data.toString());
        assertEquals(0, data.get("extra").asLong(), data.toString());
        assertEquals(2, data.get("repaired").asLong(), data.toString());
        assertEquals(given().get("/sync/verification").then().extract().path("verification_id"),
                data.get("verification_id").asText());
        // Delivered in order, one at a time: the verification before the repair sent nothing.
        assertEquals(1, receiver().requests().stream().filter(r -> new String(r.body(), StandardCharsets.UTF_8)
                .contains("\"io.mysqlmongosync.repair.differences\"")).count());
    }

    private void verification(String path) {
        given().post(path).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> controller.activeRun() == null);
        assertEquals("done", given().get("/sync/verification").then().statusCode(200).extract().path("status"));
    }

    @Test
    @Order(6)
    void blockedTableSendsTableBlockedAlertRaisedAndRunFailed() throws Exception {
        settle();
        receiver().mode(EventReceiver.Mode.OK);
        TestDatabase.exec(DB, "ALTER TABLE products MODIFY COLUMN id VARCHAR(20) NOT NULL");
        String run = runAndWait();
        JsonNode failed = awaitEvent("io.mysqlmongosync.run.failed", run);
        assertEquals("failed", failed.at("/data/status").asText());
        assertEquals("blocked", failed.at("/data/tables/0/status").asText());
        JsonNode blocked = awaitEvent("io.mysqlmongosync.table.blocked", null);
        assertEquals("products", blocked.get("subject").asText());
        assertEquals("schema", blocked.at("/data/cause").asText());
        JsonNode alert = awaitEvent("io.mysqlmongosync.alert.raised", null);
        assertEquals("schema", alert.get("subject").asText());
        assertTrue(alert.at("/data/message").asText().contains("products"), alert.toString());
    }

    private String runAndWait() {
        return ActiveRuns.triggerAndAwait(controller);
    }

    /** Waits until every event sent so far has its outcome and none waits (the state the next test starts from). */
    private void settle() {
        receiver().mode(EventReceiver.Mode.OK);
        receiver().release();
        await().atMost(Duration.ofSeconds(60)).until(() -> metric(metrics(), "sync_events_queued") == 0
                && receiver().hanging() == 0 && outcomes() == metric(metrics(), "sync_events_total"));
    }

    /** Events with an outcome (delivered, failed or dropped). */
    private double outcomes() {
        return metric(metrics(), "sync_events_total");
    }

    /** The event of {@code type} (about {@code runId}, when given), checked for its signature and headers. */
    private JsonNode awaitEvent(String type, String runId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (EventReceiver.Received r : receiver().requests()) {
                JsonNode e = JSON.readTree(r.body());
                if (type.equals(e.path("type").asText())
                        && (runId == null || runId.equals(e.at("/data/run_id").asText()))) {
                    assertEquals("application/cloudevents+json", r.contentType());
                    assertEquals(expectedSignature(r.body()), r.signature(), "HMAC-SHA256 of the exact body");
                    assertEquals("1.0", e.get("specversion").asText());
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        assertNotNull(found[0]);
        return found[0];
    }

    private List<EventReceiver.Received> requestsOf(String runId) {
        return receiver().requests().stream().filter(r -> {
            try {
                return runId.equals(JSON.readTree(r.body()).at("/data/run_id").asText());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).collect(Collectors.toList());
    }

    /** The signature header recomputed here, independently of the service's code. */
    private static String expectedSignature(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of the series of {@code name} whose labels contain every fragment (0 when there is none). */
    static double metric(String body, String name, String... fragments) {
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String labels = line.substring(0, line.lastIndexOf(' '));
                boolean all = true;
                for (String f : fragments) {
                    all &= labels.contains(f);
                }
                if (all) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }
}
