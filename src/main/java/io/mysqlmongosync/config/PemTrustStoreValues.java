package io.mysqlmongosync.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Turns {@code MYSQL_SSL_CA} (a PEM file with one or more CA certificates, as Kubernetes and cloud providers hand
 * them out) into what MySQL Connector/J understands: a PKCS12 trust store. Connector/J cannot read PEM, so the
 * certificates are written once per process to a trust store in {@code java.io.tmpdir} and served as
 * {@code MYSQL_SSL_TRUST_STORE} (a {@code file:} URL), {@code MYSQL_SSL_TRUST_STORE_TYPE} and
 * {@code MYSQL_SSL_TRUST_STORE_PASSWORD} (random, only guards the file's integrity; it holds no private key).
 * Setting MYSQL_SSL_CA together with MYSQL_SSL_TRUST_STORE is refused; a MYSQL_SSL_TRUST_STORE given as a path
 * becomes a {@code file:} URL. Registered through {@code META-INF/services}.
 */
public class PemTrustStoreValues implements ConfigSourceInterceptor {

    private static volatile Map<String, String> generated;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!name.startsWith("MYSQL_SSL_TRUST_STORE")) {
            return value;
        }
        ConfigValue ca = context.proceed("MYSQL_SSL_CA");
        if (ca == null || ca.getValue() == null || ca.getValue().isBlank()) {
            // Connector/J wants a URL; operators write a path.
            if (name.equals("MYSQL_SSL_TRUST_STORE") && value != null && value.getValue() != null
                    && !value.getValue().isBlank() && !value.getValue().matches("[A-Za-z][A-Za-z0-9+.-]+:.*")) {
                return value.withValue(Path.of(value.getValue().trim()).toUri().toString());
            }
            return value;
        }
        ConfigValue own = context.proceed("MYSQL_SSL_TRUST_STORE");
        if (own != null && own.getValue() != null && !own.getValue().isBlank()) {
            throw new InvalidSettingException("MYSQL_SSL_CA", ca.getValue(),
                    "cannot be combined with MYSQL_SSL_TRUST_STORE: set one of them");
        }
        String result = trustStore(ca.getValue().trim()).get(name);
        if (result == null) {
            return value;
        }
        return ConfigValue.builder().withName(name).withValue(result).withConfigSourceName("MYSQL_SSL_CA")
                .withConfigSourceOrdinal(ca.getConfigSourceOrdinal()).build();
    }

    private static synchronized Map<String, String> trustStore(String pemPath) {
        if (generated != null) {
            return generated;
        }
        try (InputStream in = Files.newInputStream(Path.of(pemPath))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidSettingException("MYSQL_SSL_CA", pemPath, "contains no PEM certificate");
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            int i = 0;
            for (Certificate c : certs) {
                store.setCertificateEntry("mysql-ca-" + i++, c);
            }
            Path file = Files.createTempFile("mysql-ca-", ".p12");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the default permissions stay
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password);
            }
            file.toFile().deleteOnExit();
            generated = Map.of("MYSQL_SSL_TRUST_STORE", file.toUri().toString(), "MYSQL_SSL_TRUST_STORE_TYPE", "PKCS12",
                    "MYSQL_SSL_TRUST_STORE_PASSWORD", new String(password));
            return generated;
        } catch (IOException | GeneralSecurityException e) {
            throw new InvalidSettingException("MYSQL_SSL_CA", pemPath,
                    "is not a readable PEM certificate file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
