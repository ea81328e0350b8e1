package io.mysqlmongosync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/** This replica's name: the table leases' owner and the events' source. */
public final class ReplicaName {

    private ReplicaName() {
    }

    /** SYNC_OWNER, or {@link #fallback()} when it is not set. */
    public static String of(SyncConfig config) {
        return config.owner().filter(s -> !s.isBlank()).orElseGet(ReplicaName::fallback);
    }

    /**
     * The pod name (POD_NAME, then HOSTNAME, then the host name): stable across restarts of the same pod, so a
     * process restarted in the same pod takes its own table leases back at once instead of waiting for them to
     * expire. Two processes on one host need distinct SYNC_OWNER values.
     */
    public static String fallback() {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "replica-" + UUID.randomUUID();
        }
    }
}
