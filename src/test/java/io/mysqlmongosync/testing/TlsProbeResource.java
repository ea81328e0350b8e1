package io.mysqlmongosync.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Starts the service with TLS switched on towards both databases, to see the settings reach the drivers: MySQL
 * gets {@code MYSQL_SSL_MODE=VERIFY_CA} with a PEM CA ({@code MYSQL_SSL_CA}); MongoDB ({@code MONGODB_TLS=true},
 * {@code MONGODB_TLS_CA_FILE}) is pointed at a TLS probe: a server with a self-signed certificate for localhost
 * that writes {@code <dir>/handshake} with "ok" once a client completed a TLS handshake with it (which only a
 * client trusting the CA file can), or the failure. Args: {@code database}, {@code schema}, {@code tables},
 * {@code dir}.
 */
public class TlsProbeResource implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> args = Map.of();
    private SSLServerSocket server;

    @Override
    public void init(Map<String, String> initArgs) {
        args = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        TestDatabase.recreate(args.get("database"), args.get("schema"));
        Path dir = Path.of(args.get("dir")).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path store = dir.resolve("probe.p12");
            Path ca = dir.resolve("ca.pem");
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir.resolve("handshake"));
            keytool("-genkeypair", "-alias", "probe", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", "probe-pass");
            keytool("-exportcert", "-rfc", "-alias", "probe", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "probe-pass", "-file", ca.toString());
            server = listen(store, dir.resolve("handshake"));
            Map<String, String> props = new HashMap<>();
            props.put("quarkus.datasource.jdbc.url", TestDatabase.jdbcUrl(args.get("database")));
            props.put("quarkus.datasource.username", TestDatabase.user());
            props.put("quarkus.datasource.password", TestDatabase.password());
            props.put("sync.tables", args.get("tables"));
            props.put("MYSQL_SSL_MODE", "VERIFY_CA");
            props.put("MYSQL_SSL_CA", ca.toString());
            props.put("quarkus.mongodb.connection-string", "mongodb://localhost:" + server.getLocalPort());
            props.put("quarkus.mongodb.database", "t_tls");
            props.put("quarkus.mongodb.server-selection-timeout", "3s");
            props.put("MONGODB_TLS", "true");
            props.put("MONGODB_TLS_CA_FILE", ca.toString());
            return props;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLServerSocket listen(Path store, Path marker) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "probe-pass".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "probe-pass".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0);
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.setSoTimeout(5000);
                    try {
                        client.startHandshake();
                        Files.writeString(marker, "ok " + client.getSession().getProtocol(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        if (!Files.exists(marker)) {
                            Files.writeString(marker, "failed " + e.getMessage(), StandardCharsets.UTF_8);
                        }
                    }
                } catch (IOException closed) {
                    // the socket was closed by stop()
                }
            }
        }, "tls-probe");
        t.setDaemon(true);
        t.start();
        return socket;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    @Override
    public void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
