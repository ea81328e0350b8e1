package io.mysqlmongosync.health;

import com.mongodb.client.MongoClient;
import com.mongodb.connection.ServerConnectionState;
import com.mongodb.connection.ServerDescription;
import io.mysqlmongosync.sink.CheckDatabase;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * One check of MongoDB the way the sync needs it: the server answers, accepts the credentials and lets the user
 * write, through the checks' own client ({@link CheckDatabase}: a new connection, {@link CheckDatabase#DEADLINE} per
 * call, never a pooled connection of the sync that may have gone silent); and, without a round trip, what the sync
 * client's own monitoring knows.
 */
@ApplicationScoped
public class MongoAccessCheck {

    private final TargetDatabase target;
    private final CheckDatabase checks;
    private final MongoWriteProbe probe;
    private final MongoClient client;
    private final String uri;

    MongoAccessCheck(TargetDatabase target, CheckDatabase checks, MongoWriteProbe probe, MongoClient client,
            @ConfigProperty(name = "quarkus.mongodb.connection-string") String uri) {
        this.target = target;
        this.checks = checks;
        this.probe = probe;
        this.client = client;
        this.uri = uri;
    }

    /** Pings and writes now: the problem found, or null. */
    ConnectionProblem check() {
        try {
            checks.database().runCommand(new Document("ping", 1));
        } catch (RuntimeException e) {
            return failed(e);
        }
        try {
            probe.write();
        } catch (RuntimeException e) {
            return ProblemClassifier.mongo(e, uri, target.name(), "write");
        }
        return null;
    }

    /** The problem to report when a ping (or the check itself) failed with {@code e}. */
    ConnectionProblem failed(RuntimeException e) {
        return ProblemClassifier.mongo(e, uri, target.name(), "ping");
    }

    /**
     * What the MongoDB driver's own monitoring knows, without a round trip: a problem when no server is connected
     * and the last attempt failed (refused, timed out, unresolvable), else null (fine, or not known yet).
     */
    ConnectionProblem topologyProblem() {
        if (client == null) {
            return null;
        }
        Throwable cause = null;
        for (ServerDescription d : client.getClusterDescription().getServerDescriptions()) {
            if (d.getState() == ServerConnectionState.CONNECTED && d.isOk()) {
                return null;
            }
            if (d.getException() != null) {
                cause = d.getException();
            }
        }
        return cause == null ? null : ProblemClassifier.mongo(cause, uri, target.name(), "ping");
    }

    /** Where MongoDB is, for messages (never with a password). */
    String server() {
        return ProblemClassifier.describe(uri);
    }
}
