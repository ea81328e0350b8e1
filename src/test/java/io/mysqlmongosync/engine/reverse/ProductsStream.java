package io.mysqlmongosync.engine.reverse;

import static org.awaitility.Awaitility.await;

import io.restassured.RestAssured;
import java.time.Duration;

/** The change stream that writes edits of {@code products} back to MySQL, as the status API shows it. */
final class ProductsStream {

    /** How long the stream may take to start, stop, or write a change back. */
    static final Duration BOUND = Duration.ofSeconds(15);

    private ProductsStream() {
    }

    /** The stream's state in {@code GET /sync/status}. */
    static String state() {
        return RestAssured.given().get("/sync/status").jsonPath().getString("tables.products.reverse.stream_state");
    }

    /** Waits for the stream to run. */
    static void awaitStreaming() {
        await("the change stream to run").atMost(BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> "streaming".equals(state()));
    }

    /** Pauses the sync and waits for the stream to stop. */
    static void pause() {
        RestAssured.given().post("/sync/pause").then().statusCode(200);
        await("the change stream to stop").atMost(BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> "paused".equals(state()));
    }

    /** Resumes the sync (the stream starts again on the next supervision). */
    static void resume() {
        RestAssured.given().post("/sync/resume").then().statusCode(200);
    }
}
