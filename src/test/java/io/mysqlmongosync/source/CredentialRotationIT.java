package io.mysqlmongosync.source;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.agroal.api.AgroalDataSource;
import io.mysqlmongosync.engine.SyncController;
import io.mysqlmongosync.testing.ActiveRuns;
import io.mysqlmongosync.testing.SecretFilesResource;
import io.mysqlmongosync.testing.SyncTestResource;
import io.mysqlmongosync.testing.TestDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * MYSQL_PASSWORD_FILE rotation without restart: the MariaDB user's password changes (ALTER USER) and the secret
 * file is replaced the way Kubernetes does it (a new file moved into place); once the pool's connections are
 * recycled, new connections use the new password and the sync goes on. A password changed only in the database
 * is refused, which shows the file is really read for every new connection.
 */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = CredentialRotationIT.DB),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0"),
    @ResourceArg(name = "quarkus.datasource.username", value = CredentialRotationIT.USER)})
@WithTestResource(value = SecretFilesResource.class, initArgs = {
    @ResourceArg(name = "dir", value = CredentialRotationIT.DIR),
    @ResourceArg(name = "file:MYSQL_PASSWORD_FILE", value = CredentialRotationIT.FIRST),
    @ResourceArg(name = "mysqlUser", value = CredentialRotationIT.USER),
    @ResourceArg(name = "mysqlUserPassword", value = CredentialRotationIT.FIRST),
    @ResourceArg(name = "mysqlUserDatabase", value = CredentialRotationIT.DB)})
class CredentialRotationIT {

    static final String DB = "mms_rotation";
    static final String DIR = "target/secrets/rotation";
    static final String USER = "mms_rot";
    static final String FIRST = "first-Pa55-rot-4d1c";
    static final String SECOND = "second-Pa55-rot-9e7a";
    static final String THIRD = "third-Pa55-rot-2b6f";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SyncController controller;

    @Inject
    MongoClient mongo;

    @Test
    void aRotatedPasswordFileIsUsedByNewConnectionsWithoutRestart() throws Exception {
        insert(1, 10);
        sync();
        assertEquals(10, count());

        // Rotation as an operator does it: the database first, then the secret (mounted file replaced).
        alterPassword(SECOND);
        writeSecret(SECOND);
        dataSource.flush(AgroalDataSource.FlushMode.ALL); // as MYSQL_POOL_RECYCLE would, only sooner
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.isValid(5), "a new connection with the rotated password");
        }
        insert(11, 15);
        sync();
        assertEquals(15, count(), "the sync goes on with the new password, without restart");

        // The database changes but the file does not: new connections are refused, so the file is what counts.
        alterPassword(THIRD);
        SQLException refused = refusedAfterFlush();
        assertTrue(String.valueOf(refused.getMessage()).contains("Access denied"), refused.getMessage());
        assertTrue(!String.valueOf(refused.getMessage()).contains(THIRD) && !String.valueOf(refused.getMessage()).contains(SECOND));
        writeSecret(THIRD);
        try (Connection c = dataSource.getConnection()) {
            assertTrue(c.isValid(5));
        }
        insert(16, 20);
        sync();
        assertEquals(20, count());
    }

    /**
     * Flushes the pool and asks for a connection until one is refused (at most 10 times, 200 ms apart). A connection
     * the pool was opening with the old password while the password changed (the pool keeps a minimum size, and
     * background work borrows connections) can still join the pool after a flush; it is handed out once and flushed
     * by the next try. Connections opened after the change must all be refused.
     */
    private SQLException refusedAfterFlush() {
        try {
            return await().atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(this::refusedAfterOneFlush, Objects::nonNull);
        } catch (ConditionTimeoutException e) {
            // one more try below, asserting the refusal
        }
        return assertThrows(SQLException.class, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.isValid(5);
            }
        }, "a password changed only in the database is refused");
    }

    /** Flushes the pool and asks for a connection: the refusal, or null when a connection was handed out. */
    private SQLException refusedAfterOneFlush() {
        dataSource.flush(AgroalDataSource.FlushMode.ALL);
        try (Connection c = dataSource.getConnection()) {
            c.isValid(5);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static void alterPassword(String password) {
        for (String host : List.of("%", "localhost")) {
            TestDatabase.exec("mysql", "ALTER USER '" + USER + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
        }
    }

    /** Replaces the secret file atomically, as the kubelet swaps a secret volume's files. */
    private static void writeSecret(String password) throws Exception {
        Path dir = Path.of(DIR).toAbsolutePath();
        Path tmp = Files.createTempFile(dir, "next-", ".tmp");
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve("MYSQL_PASSWORD_FILE"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void insert(int from, int to) {
        TestDatabase.exec(DB, "INSERT INTO products (id, name, price) SELECT seq, CONCAT('p', seq), 1.50 FROM seq_"
                + from + "_to_" + to);
    }

    private long count() {
        return mongo.getDatabase("t_" + DB).getCollection("products").countDocuments();
    }

    private void sync() {
        given().contentType(ContentType.JSON).body("{\"tables\":[\"products\"]}").post("/sync/trigger").then().statusCode(202);
        ActiveRuns.awaitNone(controller, Duration.ofSeconds(60));
        List<Map<String, Object>> history = given().get("/sync/history?limit=1").then().extract().jsonPath().getList("$");
        assertEquals("success", history.get(0).get("status"), history.toString());
    }
}
