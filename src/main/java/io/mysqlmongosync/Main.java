package io.mysqlmongosync;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Before Quarkus starts, it turns off Quarkus' own request-target check
 * ({@code vertx.disableURIValidation}), which refuses a malformed target with an empty 400:
 * {@link io.mysqlmongosync.api.HttpGuard} makes the same check and answers with a JSON error like every other
 * refusal of the API.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    /** Starts the service. */
    public static void main(String... args) {
        if (System.getProperty("vertx.disableURIValidation") == null) {
            System.setProperty("vertx.disableURIValidation", "true");
        }
        Quarkus.run(args);
    }
}
