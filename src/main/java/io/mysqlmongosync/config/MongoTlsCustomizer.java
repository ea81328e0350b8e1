package io.mysqlmongosync.config;

import com.mongodb.MongoClientSettings;
import io.quarkus.mongodb.runtime.MongoClientCustomizer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Trusts the CA certificates of {@code MONGODB_TLS_CA_FILE} (PEM) for the MongoDB connection, and turns TLS on when
 * that file is given. Done here rather than through a named TLS-registry configuration, which would insist on a
 * certificate file even when TLS is off. {@code MONGODB_TLS} / {@code tls=true} in the URI switch TLS on with the
 * JVM's trust store.
 */
@ApplicationScoped
// Quarkus allows one MongoClientCustomizer per client: target.MongoSettingsCustomizer is that bean and applies this one.
@jakarta.enterprise.inject.Typed(MongoTlsCustomizer.class)
public class MongoTlsCustomizer implements MongoClientCustomizer {

    private final Optional<String> caFile;

    private final Config config;

    MongoTlsCustomizer(@ConfigProperty(name = "MONGODB_TLS_CA_FILE") Optional<String> caFile, Config config) {
        this.caFile = caFile.map(String::trim).filter(f -> !f.isEmpty());
        this.config = config;
    }

    /** Checks the settings at start-up rather than when MongoDB is first used. */
    void check(@Observes StartupEvent event) {
        // A direct lookup, so EnvironmentValueRules names MONGODB_TLS when it is not true/false: the ${MONGODB_TLS}
        // reference in application.properties is resolved below that interceptor, and "maybe" would become false.
        config.getOptionalValue("MONGODB_TLS", String.class);
        caFile.ifPresent(MongoTlsCustomizer::sslContext);
    }

    @Override
    public MongoClientSettings.Builder customize(MongoClientSettings.Builder builder) {
        if (caFile.isEmpty()) {
            return builder;
        }
        SSLContext context = sslContext(caFile.get());
        return builder.applyToSslSettings(ssl -> ssl.enabled(true).context(context));
    }

    private static SSLContext sslContext(String pem) {
        try (InputStream in = Files.newInputStream(Path.of(pem))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidSettingException("MONGODB_TLS_CA_FILE", pem, "contains no PEM certificate");
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                trust.setCertificateEntry("mongodb-ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (InvalidSettingException e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidSettingException("MONGODB_TLS_CA_FILE", pem,
                    "is not a readable PEM certificate file (" + e.getClass().getSimpleName() + ")");
        }
    }
}
