package io.mysqlmongosync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.agroal.api.AgroalDataSource;
import io.mysqlmongosync.engine.RunResult;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.testing.TlsMariaDbResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

/**
 * A sync over MySQL TLS, verified end to end: the server (a private MariaDB started for this test) accepts TLS
 * connections only and presents a certificate signed by a CA made for this run; the service connects with
 * MYSQL_SSL_MODE=VERIFY_CA and that CA in MYSQL_SSL_CA, reads the table and writes the documents.
 */
@QuarkusTest
@WithTestResource(value = TlsMariaDbResource.class, initArgs = @ResourceArg(name = "dir", value = "target/tls-mariadb"))
class MysqlTlsSyncIT {

    @Inject
    SyncEngine engine;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MongoClient mongo;

    @Test
    void rowsSyncOverAVerifiedTlsConnection() throws Exception {
        RunResult run = engine.run("manual", List.of("products"), false);
        assertEquals("success", run.status(), run.toString());
        List<Document> docs = mongo.getDatabase("t_" + TlsMariaDbResource.DATABASE).getCollection("products").find()
                .sort(new Document("_id", 1)).into(new ArrayList<>());
        assertEquals(List.of("kettle", "teapot", "cup"), docs.stream().map(d -> d.getString("name")).toList());
        assertEquals(new Decimal128(new BigDecimal("24.90")), docs.get(0).get("price"));

        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_cipher', 'Ssl_version')")) {
            java.util.Map<String, String> status = new java.util.HashMap<>();
            while (rs.next()) {
                status.put(rs.getString(1), rs.getString(2));
            }
            assertFalse(status.getOrDefault("Ssl_cipher", "").isEmpty(), "the service's session is encrypted: " + status);
            assertTrue(status.getOrDefault("Ssl_version", "").startsWith("TLSv1."), "TLS version: " + status);
        }
    }
}
