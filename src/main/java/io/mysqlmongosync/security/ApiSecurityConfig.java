package io.mysqlmongosync.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The {@code sync.api.*} settings (SYNC_API_AUTH, SYNC_API_PUBLIC_READ, SYNC_API_OPERATOR_TOKEN[_FILE],
 * SYNC_API_VIEWER_TOKEN[_FILE], SYNC_API_AUDIT_*). The token getters already return a {@code _FILE}'s content
 * ({@link io.mysqlmongosync.config.SecretFileValues}); the file settings are declared so they are known keys.
 */
@ConfigMapping(prefix = "sync.api")
public interface ApiSecurityConfig {

    /** {@code required} (default) or {@code none} (SYNC_API_AUTH). */
    @WithDefault("required")
    String auth();

    /** Whether read-only endpoints need no credentials (SYNC_API_PUBLIC_READ). */
    @WithDefault("false")
    boolean publicRead();

    /** The operator bearer token (SYNC_API_OPERATOR_TOKEN or the content of SYNC_API_OPERATOR_TOKEN_FILE). */
    Optional<String> operatorToken();

    /** File holding the operator token (SYNC_API_OPERATOR_TOKEN_FILE). */
    Optional<String> operatorTokenFile();

    /** The viewer bearer token (SYNC_API_VIEWER_TOKEN or the content of SYNC_API_VIEWER_TOKEN_FILE). */
    Optional<String> viewerToken();

    /** File holding the viewer token (SYNC_API_VIEWER_TOKEN_FILE). */
    Optional<String> viewerTokenFile();

    /** Days an audit entry is kept before MongoDB expires it (SYNC_API_AUDIT_RETENTION_DAYS), 1..3650. */
    @WithDefault("90")
    int auditRetentionDays();

    /** Most audit entries kept; older ones are removed beyond it (SYNC_API_AUDIT_MAX_ENTRIES), 100..10000000. */
    @WithDefault("100000")
    int auditMaxEntries();

    /**
     * Refused calls (4xx answers) recorded per minute (SYNC_API_AUDIT_REFUSED_PER_MINUTE), 0..10000; the rest are
     * only counted in {@code sync_audit_unrecorded_total}.
     */
    @WithDefault("60")
    int auditRefusedPerMinute();
}
