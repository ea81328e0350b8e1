package io.mysqlmongosync.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mysqlmongosync.config.ConfigUnderTest;
import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run-event settings are checked at start-up, naming the variable; the secret may come from a file. */
class RunEventsSettingsTest {

    private static SyncConfig build(Map<String, String> values) {
        return ConfigUnderTest.build(values);
    }

    private static String failure(Map<String, String> values) {
        return ConfigUnderTest.failure(values);
    }

    @Test
    void invalidUrlStopsStartUpNamingTheVariable() {
        String message = failure(Map.of("sync.events-webhook-url", "hooks.example.com/x"));
        assertTrue(message.contains("SYNC_EVENTS_WEBHOOK_URL='hooks.example.com/x' must be an http:// or https:// URL"),
                message);
        assertTrue(failure(Map.of("sync.events-queue-size", "0")).contains("SYNC_EVENTS_QUEUE_SIZE='0'"));
        assertTrue(failure(Map.of("sync.events-max-attempts", "21")).contains("SYNC_EVENTS_MAX_ATTEMPTS='21'"));
        assertTrue(failure(Map.of("sync.events-timeout-seconds", "0")).contains("SYNC_EVENTS_TIMEOUT_SECONDS='0'"));
        assertTrue(failure(Map.of("sync.events-retry-delay-millis", "-1"))
                .contains("SYNC_EVENTS_RETRY_DELAY_MILLIS='-1'"));
    }

    @Test
    void defaults() {
        SyncConfig c = build(Map.of());
        assertTrue(c.eventsWebhookUrl().isEmpty());
        assertEquals(1000, c.eventsQueueSize());
        assertEquals(5, c.eventsMaxAttempts());
        assertEquals(5, c.eventsTimeoutSeconds());
        assertEquals(1000, c.eventsRetryDelayMillis());
        RunEvents events = new RunEvents(c, new SimpleMeterRegistry());
        events.check(null); // no webhook: nothing to check, nothing sent
        assertFalse(events.enabled());
    }

    @Test
    void urlWithoutSecretStopsStartUpWithoutShowingAnything() {
        SyncConfig c = build(Map.of("sync.events-webhook-url", "http://127.0.0.1:1/events"));
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> new RunEvents(c, new SimpleMeterRegistry()).check(null));
        assertEquals("SYNC_EVENTS_WEBHOOK_SECRET", e.variable());
        assertTrue(e.getMessage().contains("SYNC_EVENTS_WEBHOOK_URL"), e.getMessage());
    }

    @Test
    void secretFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "from-a-file-9d2\n");
        SyncConfig c = build(Map.of("sync.events-webhook-url", "https://hooks.example.com/events",
                "sync.events-webhook-secret-file", file.toString()));
        assertEquals("from-a-file-9d2", c.eventsWebhookSecret().orElseThrow());
        new RunEvents(c, new SimpleMeterRegistry()).check(null);
        String both = failure(Map.of("sync.events-webhook-secret", "x",
                "sync.events-webhook-secret-file", file.toString()));
        assertTrue(both.contains("SYNC_EVENTS_WEBHOOK_SECRET_FILE"), both);
        assertFalse(both.contains("from-a-file-9d2"), both);
    }
}
