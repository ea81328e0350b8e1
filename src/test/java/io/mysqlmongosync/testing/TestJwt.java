package io.mysqlmongosync.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/** Signs RS256 JWTs for tests, as an OIDC provider would issue them (no JWT library needed). */
public final class TestJwt {

    private TestJwt() {
    }

    /** The private key {@link SecretFilesResource} wrote to {@code dir}. */
    public static PrivateKey privateKey(String dir) throws Exception {
        byte[] der = Base64.getDecoder().decode(Files.readString(Path.of(dir).toAbsolutePath().resolve("jwt-private.b64")).trim());
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** A JWT for {@code upn} with {@code groups}, valid for {@code ttlSeconds} (negative: already expired). */
    public static String sign(PrivateKey key, String issuer, String upn, List<String> groups, long ttlSeconds)
            throws Exception {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"sub\":\"" + upn + "\",\"upn\":\"" + upn + "\",\"iat\":"
                + (now - 60 + Math.min(0, ttlSeconds)) + ",\"exp\":" + (now + ttlSeconds) + ",\"groups\":["
                + groups.stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",")) + "]}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(s.sign());
    }
}
