package io.mysqlmongosync.testing;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The environment a packaged test starts the service with, as an operator would write it. */
public final class ServiceEnv {

    private ServiceEnv() {
    }

    /**
     * The service reading {@code tables} of the test MariaDB's {@code database} into {@code mongoDatabase} at
     * {@code mongoUri} (none when null) on a free HTTP port, then {@code pairs} (name, value, ...; a null value
     * removes the name).
     */
    public static Map<String, String> of(String database, String mongoUri, String mongoDatabase, String tables,
            String... pairs) throws IOException {
        Map<String, String> env = with(TestDatabase.serviceEnv(database), "MONGODB_URI", mongoUri, "MONGODB_DATABASE",
                mongoDatabase, "SYNC_TABLES", tables, "QUARKUS_HTTP_PORT", String.valueOf(ServiceProcess.freePort()));
        return with(env, pairs);
    }

    /**
     * {@link #of} with the scheduler on and runs a day apart (the first one at once), 1 s ticks, readable logs and no
     * API authentication, then {@code pairs}.
     */
    public static Map<String, String> sync(String database, String mongoUri, String mongoDatabase, String tables,
            String... pairs) throws IOException {
        Map<String, String> env = of(database, mongoUri, mongoDatabase, tables, "SYNC_ENABLED", "true",
                "SYNC_INTERVAL_MINUTES", "1440", "SYNC_TICK", "1s", "SYNC_API_AUTH", "none",
                "QUARKUS_LOG_CONSOLE_JSON", "false");
        return with(env, pairs);
    }

    /** A copy of {@code env} with {@code pairs} (name, value, ...) put in; a null value removes the name. */
    public static Map<String, String> with(Map<String, String> env, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("name without a value: " + String.join(", ", pairs));
        }
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                copy.remove(pairs[i]);
            } else {
                copy.put(pairs[i], pairs[i + 1]);
            }
        }
        return copy;
    }
}
