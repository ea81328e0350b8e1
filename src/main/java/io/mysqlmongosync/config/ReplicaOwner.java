package io.mysqlmongosync.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * This replica's identity for table leases and event sources: SYNC_OWNER, else one stable per pod (POD_NAME, else
 * HOSTNAME, else the host name), so a process restarted in the same pod takes its own table leases back at once
 * instead of waiting for them to expire. Two processes on one host need distinct SYNC_OWNER values.
 */
public final class ReplicaOwner {

    /** The variables tried in order when SYNC_OWNER is unset (set by Kubernetes and most container runtimes). */
    static final String[] POD_VARIABLES = {"POD_NAME", "HOSTNAME"};

    private ReplicaOwner() {
    }

    /** SYNC_OWNER when set and not blank, else {@link #ofHost()}. */
    public static String of(SyncConfig config) {
        return config.owner().filter(s -> !s.isBlank()).orElseGet(ReplicaOwner::ofHost);
    }

    /** The identity when SYNC_OWNER is unset: POD_NAME, else HOSTNAME, else the host name (else a random one). */
    public static String ofHost() {
        for (String variable : POD_VARIABLES) {
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
