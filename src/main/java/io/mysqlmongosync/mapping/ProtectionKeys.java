package io.mysqlmongosync.mapping;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The keys of field protection: SYNC_PROTECT_HMAC_KEY[_FILE] and SYNC_PROTECT_AES_KEY[_FILE]. The key getters
 * already return a {@code _FILE}'s content ({@link io.mysqlmongosync.config.SecretFileValues}). The per-table
 * rules are SYNC_PROTECT_&lt;TABLE&gt; variables, read by {@link FieldProtector}.
 */
@ConfigMapping(prefix = "sync.protect")
public interface ProtectionKeys {

    /** Key of the {@code hash} mode, at least 16 characters (SYNC_PROTECT_HMAC_KEY). */
    Optional<String> hmacKey();

    /** File holding the HMAC key (SYNC_PROTECT_HMAC_KEY_FILE). */
    Optional<String> hmacKeyFile();

    /** Base64 of the 32-byte key of the {@code encrypt} mode (SYNC_PROTECT_AES_KEY). */
    Optional<String> aesKey();

    /** File holding the AES key (SYNC_PROTECT_AES_KEY_FILE). */
    Optional<String> aesKeyFile();
}
