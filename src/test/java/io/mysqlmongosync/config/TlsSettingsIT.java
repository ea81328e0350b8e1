package io.mysqlmongosync.config;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionFactoryConfiguration;
import io.agroal.api.security.SimplePassword;
import io.mysqlmongosync.testing.TlsProbeResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * TLS settings reach the drivers. MySQL: MYSQL_SSL_MODE becomes Connector/J's sslMode and MYSQL_SSL_CA (PEM) a
 * PKCS12 trust store handed over with every connection; the local MariaDB has TLS off, so VERIFY_CA refuses to
 * connect, which shows the driver applied it. MongoDB: MONGODB_TLS=true with MONGODB_TLS_CA_FILE makes the driver
 * complete a TLS handshake with a server whose self-signed certificate only that CA file vouches for.
 */
@QuarkusTest
@WithTestResource(value = TlsProbeResource.class, initArgs = {
    @ResourceArg(name = "database", value = "mms_tls"),
    @ResourceArg(name = "schema", value = "/db/items.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "dir", value = TlsSettingsIT.DIR)})
class TlsSettingsIT {

    static final String DIR = "target/secrets/tls";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MongoClient mongo;

    @Test
    void mysqlGetsSslModeAndTheCaAsATrustStore() throws Exception {
        AgroalConnectionFactoryConfiguration factory = dataSource.getConfiguration().connectionPoolConfiguration()
                .connectionFactoryConfiguration();
        assertEquals("VERIFY_CA", factory.jdbcProperties().getProperty("sslMode"));
        Properties secrets = new Properties();
        for (Object credential : factory.credentials()) {
            if (credential instanceof SimplePassword p) {
                secrets.putAll(p.asProperties());
            }
        }
        String url = secrets.getProperty("trustCertificateKeyStoreUrl");
        assertTrue(url != null && url.startsWith("file:") && url.endsWith(".p12"), "trust store URL: " + url);
        assertEquals("PKCS12", secrets.getProperty("trustCertificateKeyStoreType"));
        assertTrue(!factory.jdbcUrl().contains("trustCertificateKeyStorePassword"), "no trust store password in the URL");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(URI.create(url)))) {
            store.load(in, secrets.getProperty("trustCertificateKeyStorePassword").toCharArray());
        }
        assertEquals(1, Collections.list(store.aliases()).size(), "the CA of MYSQL_SSL_CA");

        SQLException refused = assertThrows(SQLException.class, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.isValid(5);
            }
        });
        StringBuilder chain = new StringBuilder();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        assertTrue(chain.toString().contains("SSL"), "the driver insisted on TLS: " + chain);
    }

    @Test
    void mongoSpeaksTlsAndTrustsTheCaFile() throws Exception {
        try {
            mongo.getDatabase("t_tls").runCommand(new Document("ping", 1));
        } catch (RuntimeException expected) {
            // the probe is no MongoDB: only the handshake matters
        }
        Path marker = Path.of(DIR, "handshake");
        await("the MongoDB driver connected to the probe").atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(marker));
        String result = Files.readString(marker);
        assertTrue(result.startsWith("ok"), "TLS handshake: " + result);
    }
}
