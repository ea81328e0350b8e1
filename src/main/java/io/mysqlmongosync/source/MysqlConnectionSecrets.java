package io.mysqlmongosync.source;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SecretFileValues;
import io.mysqlmongosync.config.SyncConfig;
import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The secret connection properties of MySQL, handed to the driver by Agroal for every new pooled connection
 * (configured as {@code quarkus.datasource.credentials-provider}), so they never sit in the JDBC URL, and the
 * driver options every connection needs whatever the URL says: the deadlines, derived from
 * SYNC_OPERATION_TIMEOUT_SECONDS, and the character set of results:
 * <ul>
 * <li>{@code connectTimeout}: the operation timeout, at most 10 s;</li>
 * <li>{@code socketTimeout}: MYSQL_SOCKET_TIMEOUT_MS when set, else the operation timeout. A statement on a silent
 * connection (no FIN, no RST), or one MySQL works on longer without sending a byte, fails after it; a page read sets
 * its own bound for the time of the read ({@link KeysetPageReader#pageTimeoutMillis});</li>
 * <li>{@code characterSetResults=UTF-8}: the server converts every text value to UTF-8 itself, so a value reads as
 * exactly what the server returns for it ({@code CONVERT(col USING utf8mb4)}). Left unset, Connector/J asks for
 * results in each column's own character set and decodes them with its Java counterpart, which is not always the
 * server's: latin1 is decoded as Java's windows-1252, which turns the bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D into
 * U+FFFD where MySQL and MariaDB return the C1 controls U+0081 ... U+009D (the binlog path decodes latin1 the
 * server's way too). A key read that way is also bound back unchanged in the next page's query;</li>
 * <li>the password from {@code MYSQL_PASSWORD_FILE} (a Kubernetes secret volume), read again for every new
 * connection, so a rotated secret is used without a restart (open connections keep working until recycled,
 * MYSQL_POOL_RECYCLE). Without the file variable MYSQL_PASSWORD applies as before;</li>
 * <li>the trust store of {@code MYSQL_SSL_MODE=VERIFY_CA/VERIFY_IDENTITY}: {@code MYSQL_SSL_TRUST_STORE} (+ _TYPE,
 * _PASSWORD[_FILE]) or the PEM file {@code MYSQL_SSL_CA} (see {@link io.mysqlmongosync.config.PemTrustStoreValues}).</li>
 * </ul>
 */
@ApplicationScoped
@Unremovable
@Named(MysqlConnectionSecrets.NAME)
public class MysqlConnectionSecrets implements CredentialsProvider {

    /** The bean name that {@code quarkus.datasource.credentials-provider-name} refers to. */
    public static final String NAME = "mysql-connection-secrets";
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(MysqlConnectionSecrets.class);

    private final Optional<String> passwordFile;
    private final Optional<String> password;
    private final Map<String, String> trust = new HashMap<>();
    private final Config config;
    private final Map<String, String> driverOptions = new HashMap<>();

    MysqlConnectionSecrets(@ConfigProperty(name = "MYSQL_PASSWORD_FILE") Optional<String> passwordFile,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "MYSQL_SSL_TRUST_STORE") Optional<String> trustStore,
            @ConfigProperty(name = "MYSQL_SSL_TRUST_STORE_TYPE", defaultValue = "PKCS12") String trustStoreType,
            @ConfigProperty(name = "MYSQL_SSL_TRUST_STORE_PASSWORD") Optional<String> trustStorePassword,
            @ConfigProperty(name = "MYSQL_SOCKET_TIMEOUT_MS") Optional<Integer> socketTimeout,
            SyncConfig sync, Config config) {
        this.config = config;
        int operation = sync.operationTimeoutMillis();
        driverOptions.put("connectTimeout", String.valueOf(Math.min(operation, CONNECT_TIMEOUT_MS)));
        driverOptions.put("socketTimeout", String.valueOf(socketTimeout.orElse(operation)));
        driverOptions.put("characterSetResults", "UTF-8");
        this.passwordFile = passwordFile.map(String::trim).filter(f -> !f.isEmpty());
        this.password = password.filter(p -> !p.isEmpty());
        trustStore.map(String::trim).filter(t -> !t.isEmpty()).ifPresent(url -> {
            trust.put("trustCertificateKeyStoreUrl", url);
            trust.put("trustCertificateKeyStoreType", trustStoreType.trim());
            trustStorePassword.filter(p -> !p.isEmpty()).ifPresent(p -> trust.put("trustCertificateKeyStorePassword", p));
        });
    }

    /** Checks at start-up what a connection would find out later: the password file is readable, and alone. */
    void check(@Observes StartupEvent event) {
        // Looked up here to have EnvironmentValueRules check it at start-up: application.properties resolves
        // ${MYSQL_SSL_MODE} below that interceptor, so the driver would otherwise complain on every connection.
        String sslMode = config.getOptionalValue("MYSQL_SSL_MODE", String.class).orElse("PREFERRED");
        if (passwordFile.isPresent()) {
            if (password.isPresent()) {
                throw new InvalidSettingException("MYSQL_PASSWORD_FILE",
                        "set either MYSQL_PASSWORD or MYSQL_PASSWORD_FILE, not both");
            }
            SecretFileValues.read("MYSQL_PASSWORD_FILE", passwordFile.get());
            LOG.infof("MySQL password is read from MYSQL_PASSWORD_FILE (%s) for every new connection", passwordFile.get());
        }
        if (!trust.isEmpty()) {
            LOG.infof("MySQL TLS (MYSQL_SSL_MODE=%s) trust store: %s (%s)", sslMode, trust.get("trustCertificateKeyStoreUrl"),
                    trust.get("trustCertificateKeyStoreType"));
        }
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        Map<String, String> properties = new HashMap<>(trust);
        properties.putAll(driverOptions);
        passwordFile.ifPresent(f -> properties.put(PASSWORD_PROPERTY_NAME, SecretFileValues.read("MYSQL_PASSWORD_FILE", f)));
        return properties;
    }
}
