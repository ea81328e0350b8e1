package io.mysqlmongosync.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a run event: header {@value #HEADER} with the value {@code sha256=<hex>}, where {@code <hex>} is
 * the lower-case hex HMAC-SHA256 of the exact request body bytes, keyed with the UTF-8 bytes of
 * SYNC_EVENTS_WEBHOOK_SECRET. The body's {@code id} and {@code time} are covered by it, so a receiver rejects
 * replays by remembering ids and refusing old times.
 */
public final class EventSignature {

    /** The request header carrying the signature. */
    public static final String HEADER = "X-Sync-Signature";

    private EventSignature() {
    }

    /** The header value for {@code body} signed with {@code secret}: {@code sha256=} and 64 hex digits. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(body);
            StringBuilder b = new StringBuilder("sha256=");
            for (byte x : digest) {
                b.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
            }
            return b.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body} with {@code secret} (constant-time comparison). */
    public static boolean verify(String secret, byte[] body, String header) {
        if (header == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body).getBytes(StandardCharsets.US_ASCII),
                header.trim().getBytes(StandardCharsets.US_ASCII));
    }
}
