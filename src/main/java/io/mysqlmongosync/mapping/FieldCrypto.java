package io.mysqlmongosync.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;

/**
 * The transformations of field protection: mask, HMAC-SHA256 hash and AES-256-GCM encryption, plus
 * {@link #decrypt} for whoever holds the key.
 *
 * <p>An encrypted value is the sub-document {@code {alg: "AES-256-GCM", fmt, iv, ct}}: {@code iv} the 12-byte
 * nonce and {@code ct} the ciphertext followed by the 16-byte tag, both BSON binary; {@code fmt} is {@code utf8}
 * when the plaintext is a string's UTF-8 bytes, {@code bson} when it is the BSON document {@code {v: value}} (any
 * other type, so decryption gives the exact value back). The nonce is derived from the key, the table, the column
 * and the value (a synthetic IV): equal values encrypt equally, so an unchanged row hashes the same on every pass
 * and costs no write, and a nonce is never reused for a different value under the same key.
 */
public final class FieldCrypto {

    /** The {@code alg} of an encrypted value. */
    public static final String ALGORITHM = "AES-256-GCM";
    private static final int TAG_BITS = 128;
    private static final int IV_BYTES = 12;

    private final byte[] hmacKey;
    private final byte[] aesKey;
    private final byte[] ivKey;

    /** Uses {@code hmacKey} for hashes and the 32-byte {@code aesKey} for encryption; either may be null if unused. */
    public FieldCrypto(byte[] hmacKey, byte[] aesKey) {
        this.hmacKey = hmacKey == null ? null : hmacKey.clone();
        this.aesKey = aesKey == null ? null : aesKey.clone();
        // A separate key for nonce derivation, so the AES key itself is never used as an HMAC key.
        this.ivKey = aesKey == null ? null : hmac(aesKey, "mysql-mongo-sync/field-iv".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Masks a value: an e-mail address keeps its first character and its domain ({@code j***@example.com}); anything
     * else keeps its punctuation and its last two letters or digits, every other letter and digit becomes {@code *}
     * ({@code +49 170 1234567} → {@code +** *** *****67}); values with four or fewer letters and digits are masked
     * entirely.
     */
    public static String mask(Object value) {
        String s = text(value);
        int at = s.indexOf('@');
        if (at > 0 && at == s.lastIndexOf('@') && at < s.length() - 1) {
            return s.charAt(0) + "***" + s.substring(at);
        }
        int alnum = (int) s.chars().filter(Character::isLetterOrDigit).count();
        int keep = alnum > 4 ? 2 : 0;
        StringBuilder out = new StringBuilder(s.length());
        int seen = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                seen++;
                out.append(seen > alnum - keep ? c : '*');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** HMAC-SHA256 of the value's text form (UTF-8), as 64 lower-case hex digits; the same value always gives the same hash. */
    public String hash(Object value) {
        if (hmacKey == null) {
            throw new IllegalStateException("no HMAC key");
        }
        return HexFormat.of().formatHex(hmac(hmacKey, text(value).getBytes(StandardCharsets.UTF_8)));
    }

    /** Encrypts {@code value} of {@code table}.{@code column} into {@code {alg, fmt, iv, ct}}. */
    public Document encrypt(String table, String column, Object value) {
        if (aesKey == null) {
            throw new IllegalStateException("no AES key");
        }
        boolean utf8 = value instanceof String;
        byte[] plain = utf8 ? ((String) value).getBytes(StandardCharsets.UTF_8) : toBson(value);
        byte[] context = (table + '\0' + column + '\0').getBytes(StandardCharsets.UTF_8);
        byte[] iv = Arrays.copyOf(hmac(ivKey, ByteBuffer.allocate(context.length + plain.length).put(context).put(plain)
                .array()), IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            return new Document("alg", ALGORITHM).append("fmt", utf8 ? "utf8" : "bson").append("iv", new Binary(iv))
                    .append("ct", new Binary(cipher.doFinal(plain)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts a value produced by {@link #encrypt} with the 32-byte key (the base64-decoded SYNC_PROTECT_AES_KEY):
     * a String for {@code fmt: utf8}, the original BSON value otherwise.
     *
     * @throws GeneralSecurityException when the key is wrong or the value was altered
     */
    public static Object decrypt(Document encrypted, byte[] aesKey) throws GeneralSecurityException {
        byte[] iv = encrypted.get("iv", Binary.class).getData();
        byte[] ct = encrypted.get("ct", Binary.class).getData();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        byte[] plain = cipher.doFinal(ct);
        if ("utf8".equals(encrypted.getString("fmt"))) {
            return new String(plain, StandardCharsets.UTF_8);
        }
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(plain))) {
            return new DocumentCodec().decode(reader, DecoderContext.builder().build()).get("v");
        }
    }

    private static byte[] toBson(Object value) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            new DocumentCodec().encode(writer, new Document("v", value), EncoderContext.builder().build());
        }
        return buffer.toByteArray();
    }

    /** The text a value is masked or hashed as: strings as they are, dates as ISO instants, binaries as base64. */
    static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof Binary b) {
            return Base64.getEncoder().encodeToString(b.getData());
        }
        if (value instanceof Document d) {
            return d.toJson();
        }
        if (value instanceof List<?> l) {
            return new Document("v", l).toJson();
        }
        return String.valueOf(value);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available: " + e.getClass().getSimpleName(), e);
        }
    }
}
