package io.mysqlmongosync.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Secrets as Kubernetes mounts them, for tests that start the service next to {@link SyncTestResource}: writes
 * files and hands the service their paths, so it reads its secrets from files.
 *
 * <p>Args: {@code dir} (required, e.g. {@code target/secrets/x}); every arg named {@code file:<property>} writes its
 * value to {@code <dir>/<property>} and sets {@code <property>} to that path; every other arg that is not one of the
 * following is passed on as a property. {@code mysqlUser} + {@code mysqlUserPassword} + {@code mysqlUserDatabase}
 * create (or reset) that MariaDB user with all privileges on the database. {@code jwtKeys=true} writes an RSA key
 * pair ({@code jwt-public.pem}, {@code jwt-private.b64}) and configures JWT verification with issuer
 * {@value #ISSUER}.
 */
public class SecretFilesResource implements QuarkusTestResourceLifecycleManager {

    /** The issuer the service accepts in JWTs. */
    public static final String ISSUER = "https://issuer.test/mysql-mongo-sync";
    private Map<String, String> args = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Path dir = Path.of(args.get("dir")).toAbsolutePath();
        Map<String, String> props = new HashMap<>();
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : args.entrySet()) {
                String k = e.getKey();
                if (k.startsWith("file:")) {
                    Path f = dir.resolve(k.substring(5));
                    Files.writeString(f, e.getValue() + "\n", StandardCharsets.UTF_8);
                    props.put(k.substring(5), f.toString());
                } else if (!k.equals("dir") && !k.startsWith("mysqlUser") && !k.equals("jwtKeys")) {
                    props.put(k, e.getValue());
                }
            }
            if ("true".equals(args.get("jwtKeys"))) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                KeyPair pair = g.generateKeyPair();
                Path pub = dir.resolve("jwt-public.pem");
                String pem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(pair.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
                Files.writeString(pub, pem);
                Files.writeString(dir.resolve("jwt-private.b64"),
                        Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
                props.put("mp.jwt.verify.publickey.location", pub.toString());
                // In test mode smallrye-jwt generates an inline key (mp.jwt.verify.publickey), which would win over
                // the location: override it with the same key. The packaged test covers the location alone.
                props.put("mp.jwt.verify.publickey", pem);
                props.put("mp.jwt.verify.issuer", ISSUER);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String user = args.get("mysqlUser");
        if (user != null) {
            String pw = args.get("mysqlUserPassword");
            String db = args.get("mysqlUserDatabase");
            for (String host : new String[] {"%", "localhost"}) {
                String account = "'" + user + "'@'" + host + "'";
                TestDatabase.exec("mysql", "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY '" + pw + "'");
                TestDatabase.exec("mysql", "ALTER USER " + account + " IDENTIFIED BY '" + pw + "'");
                TestDatabase.exec("mysql", "GRANT ALL ON `" + db + "`.* TO " + account);
            }
        }
        return props;
    }

    @Override
    public void stop() {
        // The files stay under target/ for inspection; the next run overwrites them.
    }
}
