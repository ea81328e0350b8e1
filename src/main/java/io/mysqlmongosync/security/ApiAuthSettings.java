package io.mysqlmongosync.security;

import io.mysqlmongosync.config.InvalidSettingException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * How the control API authenticates: {@code SYNC_API_AUTH} ({@code required}, the production default, or
 * {@code none}), the static bearer tokens {@code SYNC_API_OPERATOR_TOKEN} / {@code SYNC_API_VIEWER_TOKEN} (or
 * their {@code _FILE} variants), JWT verification ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}) and
 * {@code SYNC_API_PUBLIC_READ}. Only SHA-256 digests of the tokens are kept, and they are compared in constant time.
 *
 * <p>Fail closed: with {@code required} and no credential configured the service still syncs, but every
 * {@code /sync/*} request answers 401 and start-up logs an ERROR saying what to set.
 */
@ApplicationScoped
public class ApiAuthSettings {

    /** Which role a static token carries. */
    public enum TokenRole {
        /** The token is SYNC_API_OPERATOR_TOKEN. */
        OPERATOR,
        /** The token is SYNC_API_VIEWER_TOKEN. */
        VIEWER
    }

    private static final Logger LOG = Logger.getLogger(ApiAuthSettings.class);
    private static final int MIN_TOKEN_LENGTH = 16;

    private final boolean open;
    private final boolean publicRead;
    private final byte[] operatorDigest;
    private final byte[] viewerDigest;
    private final Optional<String> jwtKey;

    ApiAuthSettings(ApiSecurityConfig api, Config config) {
        String mode = api.auth().trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("required") && !mode.equals("none")) {
            throw new InvalidSettingException("SYNC_API_AUTH", mode, "must be one of required, none");
        }
        this.open = mode.equals("none");
        this.publicRead = api.publicRead();
        this.operatorDigest = digest(token(api.operatorToken(), "SYNC_API_OPERATOR_TOKEN"));
        this.viewerDigest = digest(token(api.viewerToken(), "SYNC_API_VIEWER_TOKEN"));
        if (operatorDigest != null && viewerDigest != null && MessageDigest.isEqual(operatorDigest, viewerDigest)) {
            throw new InvalidSettingException("SYNC_API_VIEWER_TOKEN", "must differ from SYNC_API_OPERATOR_TOKEN");
        }
        // A direct lookup, so that EnvironmentValueRules names SYNC_METRICS_POLICY if it is neither permit nor viewer.
        config.getOptionalValue("SYNC_METRICS_POLICY", String.class);
        this.jwtKey = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> config.getOptionalValue("mp.jwt.verify.publickey", String.class).map(k -> "(inline key)"))
                .filter(s -> !s.isBlank());
    }

    private static String token(Optional<String> value, String variable) {
        Optional<String> t = value.map(String::trim).filter(s -> !s.isEmpty());
        if (t.isPresent() && t.get().length() < MIN_TOKEN_LENGTH) {
            // The message never shows the token, only what is wrong with it.
            throw new InvalidSettingException(variable, "must be at least " + MIN_TOKEN_LENGTH
                    + " characters long (e.g. openssl rand -hex 32)");
        }
        return t.orElse(null);
    }

    /** Logs how the API is protected, loudly when it is open or locked. */
    void report(@Observes StartupEvent event) {
        if (open) {
            LOG.warn("Control API authentication is OFF (SYNC_API_AUTH=none): anyone who reaches the HTTP port can "
                    + "trigger, pause, resume, change the interval and reset. Use this only for local development.");
            return;
        }
        if (!anyCredential()) {
            LOG.error("Control API is LOCKED: SYNC_API_AUTH=required (the default) but no credential is configured, so "
                    + "every /sync request answers 401 (syncing itself goes on). Set SYNC_API_OPERATOR_TOKEN and/or "
                    + "SYNC_API_VIEWER_TOKEN (or their _FILE variants), or MP_JWT_VERIFY_PUBLICKEY_LOCATION; "
                    + "SYNC_API_AUTH=none opens the API (development only).");
            return;
        }
        LOG.infof("Control API authentication: operator token %s, viewer token %s, JWT %s; public read %s",
                operatorDigest != null ? "set" : "not set", viewerDigest != null ? "set" : "not set",
                jwtKey.map(k -> "verified with " + k).orElse("off"), publicRead ? "on" : "off");
    }

    /** Whether authentication is off (SYNC_API_AUTH=none): everyone may do everything. */
    public boolean open() {
        return open;
    }

    /** Whether read-only endpoints need no credentials (SYNC_API_PUBLIC_READ=true). */
    public boolean publicRead() {
        return publicRead;
    }

    /** Whether JWT bearer tokens are accepted (a verification key is configured). */
    public boolean jwtEnabled() {
        return jwtKey.isPresent();
    }

    /** Whether any credential can authenticate. */
    public boolean anyCredential() {
        return operatorDigest != null || viewerDigest != null || jwtKey.isPresent();
    }

    /** The role of a static token, compared in constant time against both configured tokens. */
    public Optional<TokenRole> roleOf(String token) {
        byte[] d = digest(token);
        // Both comparisons always run, so timing does not tell which one matched.
        boolean operator = operatorDigest != null && MessageDigest.isEqual(d, operatorDigest);
        boolean viewer = viewerDigest != null && MessageDigest.isEqual(d, viewerDigest);
        return operator ? Optional.of(TokenRole.OPERATOR) : viewer ? Optional.of(TokenRole.VIEWER) : Optional.empty();
    }

    private static byte[] digest(String s) {
        if (s == null) {
            return null;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
