package io.mysqlmongosync;

import io.quarkus.runtime.Quarkus;

/**
 * Entry point of the service ({@code quarkus.package.main-class}; the demo build uses its own). Before Quarkus starts, it turns off Quarkus' own request-target check
 * ({@code vertx.disableURIValidation}), which refuses a malformed target with an empty 400:
 * {@link io.mysqlmongosync.api.HttpGuard} makes the same check and answers with a JSON error like every other
 * refusal of the API.
 */
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
