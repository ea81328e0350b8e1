package io.mysqlmongosync.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.config.SecretFileValues;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protection rules and keys are checked at start-up, naming the variable; the transformations do what they say. */
class FieldProtectorTest {

    static final String AES = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";
    static final String HMAC = "a-long-enough-hmac-key-1234";

    private static FieldProtector build(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(Map.of("sync.tables", "customers,orders"));
        all.putAll(values);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(all, "test", 500))
                .withInterceptors(new SecretFileValues())
                .withMapping(SyncConfig.class)
                .withMapping(ProtectionKeys.class)
                .withValidateUnknown(false)
                .build();
        return new FieldProtector(new TableSettings(config), config.getConfigMapping(SyncConfig.class),
                config.getConfigMapping(ProtectionKeys.class));
    }

    private static String failure(Map<String, String> values) {
        Throwable t = assertThrows(Throwable.class, () -> build(values));
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void aTableNotInSyncTablesStopsStartUpNamingTheVariable() {
        String m = failure(Map.of("SYNC_PROTECT_USERS", "email:mask"));
        assertTrue(m.contains("SYNC_PROTECT_USERS") && m.contains("not in SYNC_TABLES"), m);
    }

    @Test
    void badRulesNameTheVariable() {
        String unknown = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "email:scramble"));
        assertTrue(unknown.contains("SYNC_PROTECT_CUSTOMERS") && unknown.contains("unknown mode 'scramble'"), unknown);
        String malformed = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "email"));
        assertTrue(malformed.contains("SYNC_PROTECT_CUSTOMERS") && malformed.contains("column:mode"), malformed);
        String twice = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "email:mask,email:drop"));
        assertTrue(twice.contains("twice"), twice);
    }

    @Test
    void missingOrBadKeysNameTheVariableButNeverTheKey() {
        String noHmac = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "phone:hash"));
        assertTrue(noHmac.contains("SYNC_PROTECT_HMAC_KEY") && noHmac.contains("SYNC_PROTECT_CUSTOMERS"), noHmac);
        String noAes = failure(Map.of("SYNC_PROTECT_ORDERS", "notes:encrypt"));
        assertTrue(noAes.contains("SYNC_PROTECT_AES_KEY") && noAes.contains("SYNC_PROTECT_ORDERS"), noAes);
        String shortAes = failure(Map.of("SYNC_PROTECT_ORDERS", "notes:encrypt", "sync.protect.aes-key", "c2hvcnQta2V5"));
        assertTrue(shortAes.contains("SYNC_PROTECT_AES_KEY") && shortAes.contains("32 bytes"), shortAes);
        assertFalse(shortAes.contains("c2hvcnQta2V5"), "the key must not be shown");
        String notBase64 = failure(Map.of("SYNC_PROTECT_ORDERS", "notes:encrypt", "sync.protect.aes-key", "not base64 !!"));
        assertTrue(notBase64.contains("base64") && !notBase64.contains("not base64 !!"), notBase64);
        String weak = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "phone:hash", "sync.protect.hmac-key", "short"));
        assertTrue(weak.contains("at least 16") && !weak.contains("'short'"), weak);
    }

    @Test
    void keysComeFromFilesButNotFromBothPlaces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hmac");
        Files.writeString(file, HMAC + "\n", StandardCharsets.UTF_8);
        FieldProtector p = build(Map.of("SYNC_PROTECT_CUSTOMERS", "phone:hash", "sync.protect.hmac-key-file", file.toString()));
        assertTrue(p.protects("customers"));
        assertFalse(p.protects("orders"));
        String both = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "phone:hash", "sync.protect.hmac-key-file", file.toString(),
                "sync.protect.hmac-key", HMAC));
        assertTrue(both.contains("SYNC_PROTECT_HMAC_KEY_FILE") && both.contains("not both") && !both.contains(HMAC), both);
        String missing = failure(Map.of("SYNC_PROTECT_CUSTOMERS", "phone:hash", "sync.protect.hmac-key-file",
                dir.resolve("nope").toString()));
        assertTrue(missing.contains("SYNC_PROTECT_HMAC_KEY_FILE") && missing.contains("cannot be read"), missing);
    }

    @Test
    void maskKeepsTheFirstLetterAndDomainOfAnEmailAndTheLastTwoDigitsOfAPhone() {
        assertEquals("j***@example.com", FieldCrypto.mask("john.doe@example.com"));
        assertEquals("+** *** *****67", FieldCrypto.mask("+49 170 1234567"));
        assertEquals("***-**-**89", FieldCrypto.mask("123-45-6789"));
        assertEquals("****", FieldCrypto.mask("1234"), "short values are masked entirely");
        assertEquals("", FieldCrypto.mask(""));
        assertEquals("****56", FieldCrypto.mask(123456), "non-strings are masked as their text");
    }

    @Test
    void hashIsAStableHmacPerKey() {
        FieldCrypto a = new FieldCrypto(HMAC.getBytes(StandardCharsets.UTF_8), null);
        FieldCrypto b = new FieldCrypto(HMAC.getBytes(StandardCharsets.UTF_8), null);
        FieldCrypto other = new FieldCrypto("another-hmac-key-of-length".getBytes(StandardCharsets.UTF_8), null);
        assertEquals(a.hash("+49 170 1234567"), b.hash("+49 170 1234567"));
        assertNotEquals(a.hash("+49 170 1234567"), other.hash("+49 170 1234567"));
        assertNotEquals(a.hash("x"), a.hash("y"));
        assertTrue(a.hash(new Decimal128(new BigDecimal("12.50"))).matches("[0-9a-f]{64}"));
    }

    @Test
    void encryptionDecryptsAndIsDeterministicPerValue() throws Exception {
        byte[] key = Base64.getDecoder().decode(AES);
        FieldCrypto c = new FieldCrypto(null, key);
        Document one = c.encrypt("customers", "notes", "secret note");
        assertEquals(one, c.encrypt("customers", "notes", "secret note"), "same value, same ciphertext");
        Document other = c.encrypt("customers", "notes", "secret notf");
        assertNotEquals(one.get("iv"), other.get("iv"), "another value never reuses the nonce");
        assertNotEquals(one.get("iv"), c.encrypt("customers", "memo", "secret note").get("iv"));
        assertEquals("secret note", FieldCrypto.decrypt(one, key));
        Decimal128 amount = new Decimal128(new BigDecimal("1234.50"));
        assertEquals(amount, FieldCrypto.decrypt(c.encrypt("orders", "total", amount), key), "non-strings keep their type");
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        assertThrows(java.security.GeneralSecurityException.class, () -> FieldCrypto.decrypt(one, wrong));
    }
}
