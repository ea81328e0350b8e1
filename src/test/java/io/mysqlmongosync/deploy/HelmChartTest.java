package io.mysqlmongosync.deploy;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Runs the real Helm engine (helm-java bundles Helm as a native library) against the chart in
 * {@code helm/mysql-mongo-sync}: {@code helm lint --strict}, {@code helm template} with several
 * value sets, values.schema.json rejections, and structural checks of the rendered manifests.
 *
 * <p>Plain JUnit 5, no Quarkus: Maven runs tests with the project root as working directory, so
 * the chart is found at a relative path.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm/mysql-mongo-sync");
    private static final String RELEASE = "sync";
    private static final String NAMESPACE = "data";
    private static final String FULLNAME = "sync-mysql-mongo-sync";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DNS_1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> ALERTS = Set.of(
            "MysqlMongoSyncFailing", "MysqlMongoSyncLagHigh", "MysqlMongoSyncPaused", "MysqlMongoSyncStale",
            "MysqlMongoSyncTableStale", "MysqlMongoSyncStreamDown");

    @BeforeAll
    static void chartIsThere() {
        assertTrue(Files.isRegularFile(CHART.resolve("Chart.yaml")),
                "chart not found at " + CHART.toAbsolutePath() + " (tests must run from the project root)");
        assertTrue(Files.isRegularFile(CHART.resolve("values.schema.json")), "values.schema.json missing");
    }

    // ---------------------------------------------------------------- lint

    @Test
    void lintStrictPasses(@TempDir Path tmp) throws Exception {
        // helm lint renders with values.yaml only, and the chart has no default database or tables: lint a copy
        // whose values.yaml names them (requiredValuesMissingFailRendering covers the pristine chart).
        Path copy = tmp.resolve("mysql-mongo-sync");
        try (var files = Files.walk(CHART)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        String values = Files.readString(copy.resolve("values.yaml"))
                .replace("    database: \"\"\n", "    database: shop\n")
                .replace("    tables: []\n", "    tables: [products, orders]\n");
        Files.writeString(copy.resolve("values.yaml"), values);
        LintResult result = new Helm(copy).lint().strict().call();
        String messages = String.join("\n", result.getMessages());
        assertFalse(result.isFailed(), "helm lint --strict failed:\n" + messages);
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                "helm lint --strict reported problems:\n" + messages);
    }

    // ---------------------------------------------------------------- defaults

    @Test
    void defaultValuesRenderHardenedDeployment() {
        Manifests m = render(Map.of());

        assertEquals(Set.of("ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment"), m.kinds(),
                "kinds rendered with default values");

        Map<String, Object> deployment = m.one("Deployment");
        assertEquals(FULLNAME, str(deployment, "metadata.name"));
        assertEquals(1, num(deployment, "spec.replicas"));
        Map<String, Object> podSpec = map(deployment, "spec.template.spec");
        Map<String, Object> container = container(deployment);

        assertEquals("mysql-mongo-sync:0.1.0", container.get("image"), "image tag defaults to appVersion");
        assertEquals("IfNotPresent", container.get("imagePullPolicy"));

        // port and probes
        Map<String, Object> port = list(container, "ports").stream().map(HelmChartTest::asMap)
                .filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow(() -> new AssertionError("no http port"));
        assertEquals(8080, port.get("containerPort"));
        assertProbe(container, "livenessProbe", "/q/health/live");
        assertProbe(container, "readinessProbe", "/q/health/ready");
        assertProbe(container, "startupProbe", "/q/health/started");
        assertEquals(30, num(container, "startupProbe.failureThreshold"));
        assertEquals(5, num(container, "startupProbe.periodSeconds"));

        // pod security context
        assertAll("pod securityContext",
                () -> assertEquals(Boolean.TRUE, get(podSpec, "securityContext.runAsNonRoot")),
                () -> assertEquals(1001, get(podSpec, "securityContext.runAsUser")),
                () -> assertEquals(1001, get(podSpec, "securityContext.fsGroup")),
                () -> assertEquals("RuntimeDefault", get(podSpec, "securityContext.seccompProfile.type")));
        // container security context
        assertAll("container securityContext",
                () -> assertEquals(Boolean.FALSE, get(container, "securityContext.allowPrivilegeEscalation")),
                () -> assertEquals(Boolean.TRUE, get(container, "securityContext.readOnlyRootFilesystem")),
                () -> assertEquals(List.of("ALL"), get(container, "securityContext.capabilities.drop")));

        // /tmp is a writable emptyDir
        String tmpVolume = list(container, "volumeMounts").stream().map(HelmChartTest::asMap)
                .filter(vm -> "/tmp".equals(vm.get("mountPath"))).map(vm -> (String) vm.get("name"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at /tmp"));
        Map<String, Object> volume = list(podSpec, "volumes").stream().map(HelmChartTest::asMap)
                .filter(v -> tmpVolume.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + tmpVolume + " not declared"));
        assertTrue(volume.containsKey("emptyDir"), "/tmp volume is not an emptyDir: " + volume);

        // secrets come from the chart's Secret, mounted as files (the password file is re-read per connection)
        assertSecretFiles(deployment, FULLNAME, "mysql-password", "mongodb-uri");
        Map<String, Object> secret = m.one("Secret");
        assertEquals(FULLNAME, str(secret, "metadata.name"));
        assertEquals("mongodb://mongodb:27017", decode(map(secret, "data").get("mongodb-uri")));
        assertEquals("", decode(map(secret, "data").get("mysql-password")));

        // POD_NAME from the downward API (lease owner id)
        Map<String, Object> podName = env(container, "POD_NAME");
        assertEquals("metadata.name", get(podName, "valueFrom.fieldRef.fieldPath"));

        // the ConfigMap is injected with envFrom and carries the documented defaults
        Map<String, Object> configMap = m.one("ConfigMap");
        assertEquals(List.of(FULLNAME), list(container, "envFrom").stream()
                .map(e -> get(asMap(e), "configMapRef.name")).collect(Collectors.toList()));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("MYSQL_HOST", "mysql");
        expected.put("MYSQL_PORT", "3306");
        expected.put("MYSQL_USER", "sync");
        expected.put("MYSQL_DATABASE", "shop");
        expected.put("MYSQL_CHARSET", "utf8mb4");
        expected.put("MYSQL_MIN_POOL_SIZE", "1");
        expected.put("MYSQL_MAX_POOL_SIZE", "10");
        expected.put("MYSQL_POOL_TIMEOUT", "30");
        expected.put("MYSQL_POOL_RECYCLE", "3600");
        expected.put("MONGODB_DATABASE", "sync");
        expected.put("SYNC_ENABLED", "true");
        expected.put("SYNC_INTERVAL_MINUTES", "60");
        expected.put("SYNC_BATCH_SIZE", "1000");
        expected.put("SYNC_PARALLEL_TABLES", "2");
        expected.put("SYNC_LOAD_PARTITIONS", "2");
        expected.put("SYNC_LOAD_PARTITION_MIN_ROWS", "250000");
        expected.put("SYNC_MAX_RETRIES", "2");
        expected.put("SYNC_RETRY_DELAY", "1");
        expected.put("SYNC_OPERATION_TIMEOUT_SECONDS", "5");
        expected.put("SYNC_TABLES", "products,orders,customers,inventory,categories");
        expected.put("MYSQL_SSL_MODE", "PREFERRED");
        expected.put("MONGODB_TLS", "false");
        expected.put("SYNC_LOOKBACK_SECONDS", "300");
        expected.put("SYNC_SAFETY_LAG_SECONDS", "2");
        expected.put("QUARKUS_LOG_CONSOLE_JSON", "true");
        Map<String, Object> data = map(configMap, "data");
        expected.forEach((k, v) -> assertEquals(v, data.get(k), "ConfigMap " + k));

        // SIGTERM ends the service within 10 s; its probes answer within 1 s (issue 28)
        assertEquals(15, num(deployment, "spec.template.spec.terminationGracePeriodSeconds"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertEquals(2, num(container, probe + ".timeoutSeconds"), probe);
        }

        // resources
        assertEquals("100m", get(container, "resources.requests.cpu"));
        assertEquals("128Mi", get(container, "resources.requests.memory"));
        assertEquals("512Mi", get(container, "resources.limits.memory"));

        // checksums
        Map<String, Object> annotations = map(deployment, "spec.template.metadata.annotations");
        assertTrue(SHA256_HEX.matcher(String.valueOf(annotations.get("checksum/config"))).matches(),
                "checksum/config is not a sha256: " + annotations.get("checksum/config"));
        assertTrue(SHA256_HEX.matcher(String.valueOf(annotations.get("checksum/secret"))).matches(),
                "checksum/secret is not a sha256: " + annotations.get("checksum/secret"));

        // service
        Map<String, Object> service = m.one("Service");
        assertEquals("ClusterIP", str(service, "spec.type"));
        Map<String, Object> servicePort = asMap(list(service, "spec.ports").get(0));
        assertEquals("http", servicePort.get("name"));
        assertEquals(8080, servicePort.get("port"));

        validateStructure(m, Optional.empty());
    }

    @Test
    void checksumConfigChangesWhenConfigChanges() {
        String base = checksumConfig(render(Map.of()));
        String same = checksumConfig(render(Map.of()));
        Manifests changed = render(Map.of("config.sync.intervalMinutes", 15));
        String other = checksumConfig(changed);

        assertEquals(base, same, "checksum/config must be deterministic");
        assertNotEquals(base, other, "checksum/config must change when the sync interval changes");
        assertEquals("15", map(changed.one("ConfigMap"), "data").get("SYNC_INTERVAL_MINUTES"));
        assertTrue(SHA256_HEX.matcher(other).matches());

        // a secret change rolls the pods too, without touching checksum/config
        Manifests secretChanged = render(Map.of("secret.mysqlPassword", "s3cret"));
        assertEquals(base, checksumConfig(secretChanged));
        assertNotEquals(annotation(render(Map.of()), "checksum/secret"), annotation(secretChanged, "checksum/secret"));
    }

    @Test
    void captureModeAndBinlogSettingsReachTheConfigMap() {
        Map<String, Object> defaults = map(render(Map.of()).one("ConfigMap"), "data");
        assertEquals("auto", defaults.get("SYNC_CAPTURE_MODE"));
        assertEquals("5401", defaults.get("SYNC_CDC_SERVER_ID"));
        assertEquals("false", defaults.get("SYNC_CDC_RESNAPSHOT_ON_GAP"));
        assertEquals("1000", defaults.get("SYNC_CDC_BATCH_ROWS"));
        assertEquals("50", defaults.get("SYNC_CDC_BATCH_MILLIS"));
        Map<String, Object> data = map(render(Map.of("config.sync.captureMode", "binlog",
                "config.sync.cdc.serverId", 7100, "config.sync.cdc.resnapshotOnGap", true,
                "config.extra.SYNC_ORDERS_CAPTURE_MODE", "timestamp")).one("ConfigMap"), "data");
        assertEquals("binlog", data.get("SYNC_CAPTURE_MODE"));
        assertEquals("7100", data.get("SYNC_CDC_SERVER_ID"));
        assertEquals("true", data.get("SYNC_CDC_RESNAPSHOT_ON_GAP"));
        assertEquals("timestamp", data.get("SYNC_ORDERS_CAPTURE_MODE"));
    }

    @Test
    void extraConfigEntriesReachTheConfigMap() {
        Manifests m = render(Map.of(
                "config.extra.SYNC_PRODUCTS_COLLECTION", "catalog_products",
                "config.extra.SYNC_LEASE_SECONDS", 90,
                "config.log.format", "text"));
        Map<String, Object> data = map(m.one("ConfigMap"), "data");
        assertEquals("catalog_products", data.get("SYNC_PRODUCTS_COLLECTION"));
        assertEquals("90", data.get("SYNC_LEASE_SECONDS"));
        assertEquals("false", data.get("QUARKUS_LOG_CONSOLE_JSON"));
        validateStructure(m, Optional.empty());
    }

    @Test
    void mappingFileIsMountedAndNamedInTheEnvironment() {
        String mapping = "collections:\n  orders:\n    embed:\n      - {type: many, table: order_items, as: items, foreign_key: order_id}\n";
        Manifests m = render(Map.of("mapping", mapping));
        Map<String, Object> file = m.named("ConfigMap", FULLNAME + "-mapping").orElseThrow();
        assertEquals(mapping, map(file, "data").get("mapping.yaml"));
        Map<String, Object> env = map(m.named("ConfigMap", FULLNAME).orElseThrow(), "data");
        assertEquals("/config/mapping/mapping.yaml", env.get("SYNC_MAPPING_FILE"));
        Map<String, Object> c = container(m.one("Deployment"));
        assertTrue(list(c, "volumeMounts").stream().map(HelmChartTest::asMap).anyMatch(v -> "mapping".equals(v.get("name"))
                && "/config/mapping".equals(v.get("mountPath")) && Boolean.TRUE.equals(v.get("readOnly"))));
        assertTrue(SHA256_HEX.matcher(annotation(m, "checksum/mapping")).matches());
        assertNotEquals(annotation(m, "checksum/mapping"),
                annotation(render(Map.of("mapping", mapping + "  customers: {}\n")), "checksum/mapping"),
                "a changed mapping rolls the pods");
        validateStructure(m, Optional.empty());

        Manifests none = render(Map.of());
        assertTrue(none.named("ConfigMap", FULLNAME + "-mapping").isEmpty(), "no mapping ConfigMap by default");
        assertFalse(map(none.one("ConfigMap"), "data").containsKey("SYNC_MAPPING_FILE"));
    }

    // ---------------------------------------------------------------- NOTES.txt

    @Test
    void notesShowPortForwardAndCurlCommands() {
        // client-only dry-run install: renders NOTES.txt without contacting a cluster
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().set("replicaCount", 2);
        for (Map.Entry<String, Object> e : REQUIRED.entrySet()) {
            install = install.set(e.getKey(), e.getValue());
        }
        Release release = install.call();
        String notes = release.getOutput();
        for (String expected : List.of(
                "kubectl --namespace " + NAMESPACE + " port-forward svc/" + FULLNAME + " 8080:8080",
                "curl -s http://localhost:8080/sync/status",
                "-X POST http://localhost:8080/sync/trigger",
                "-X POST http://localhost:8080/sync/pause",
                "-X POST http://localhost:8080/sync/resume",
                "-X PUT http://localhost:8080/sync/interval",
                "'{\"interval_minutes\": 15}'",
                "curl -s http://localhost:8080/q/health/ready",
                "curl -s http://localhost:8080/q/metrics",
                "_sync_leases")) {
            assertTrue(notes.contains(expected), "NOTES lack <" + expected + ">:\n" + notes);
        }
    }

    @Test
    void notesNameEveryAlertOfThePrometheusRule() {
        var install = new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE)
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().set("prometheusRule.enabled", true);
        for (Map.Entry<String, Object> e : REQUIRED.entrySet()) {
            install = install.set(e.getKey(), e.getValue());
        }
        String notes = install.call().getOutput();
        Set<String> rendered = alerts(render(Map.of("prometheusRule.enabled", true)).one("PrometheusRule")).keySet();
        assertFalse(rendered.isEmpty());
        for (String alert : rendered) {
            assertTrue(notes.matches("(?s).*\\b" + alert + "\\b.*"), "NOTES lack alert " + alert + ":\n" + notes);
        }
    }

    // ---------------------------------------------------------------- existingSecret

    @Test
    void existingSecretReplacesTheChartSecret() {
        Manifests m = render(Map.of("existingSecret", "my-secret"));
        assertTrue(m.all("Secret").isEmpty(), "no Secret may be rendered with existingSecret");
        assertSecretFiles(m.one("Deployment"), "my-secret", "mysql-password", "mongodb-uri");
        validateStructure(m, Optional.of("my-secret"));

        Manifests custom = render(Map.of("existingSecret", "my-secret",
                "existingSecretMysqlPasswordKey", "pw", "existingSecretMongodbUriKey", "uri"));
        assertSecretFiles(custom.one("Deployment"), "my-secret", "pw", "uri");
        assertTrue(custom.all("Secret").isEmpty());

        Manifests asEnv = render(Map.of("existingSecret", "my-secret", "secretFiles.enabled", false));
        Map<String, Object> container = container(asEnv.one("Deployment"));
        assertSecretRef(container, "MYSQL_PASSWORD", "my-secret", "mysql-password");
        assertSecretRef(container, "MONGODB_URI", "my-secret", "mongodb-uri");
        assertTrue(list(container, "env").stream().noneMatch(e -> String.valueOf(asMap(e).get("name")).endsWith("_FILE")));
        validateStructure(asEnv, Optional.of("my-secret"));
    }

    // ---------------------------------------------------------------- TLS and required values

    @Test
    void caSecretsAreMountedAsFilesAndNamedInTheEnvironment() {
        Manifests m = render(Map.of("tls.mysql.sslMode", "VERIFY_CA", "tls.mysql.caSecret", "mysql-ca",
                "tls.mongodb.enabled", true, "tls.mongodb.caSecret", "mongo-ca", "tls.mongodb.caKey", "bundle.pem"));
        Map<String, Object> deployment = m.one("Deployment");
        Map<String, Object> container = container(deployment);
        Map<String, Object> data = map(m.one("ConfigMap"), "data");
        assertEquals("VERIFY_CA", data.get("MYSQL_SSL_MODE"));
        assertEquals("true", data.get("MONGODB_TLS"));
        assertEquals("/etc/mysql-mongo-sync/tls/mysql/ca.crt", env(container, "MYSQL_SSL_CA").get("value"));
        assertEquals("/etc/mysql-mongo-sync/tls/mongodb/bundle.pem", env(container, "MONGODB_TLS_CA_FILE").get("value"));
        assertFileFromSecret(deployment, "/etc/mysql-mongo-sync/tls/mysql/ca.crt", "mysql-ca", "ca.crt");
        assertFileFromSecret(deployment, "/etc/mysql-mongo-sync/tls/mongodb/bundle.pem", "mongo-ca", "bundle.pem");
        validateStructure(m, Optional.empty());

        Map<String, Object> none = container(render(Map.of()).one("Deployment"));
        assertTrue(list(none, "env").stream().map(e -> asMap(e).get("name"))
                .noneMatch(n -> "MYSQL_SSL_CA".equals(n) || "MONGODB_TLS_CA_FILE".equals(n)), "no CA by default");
    }

    @ParameterizedTest(name = "without {0}")
    @CsvSource({
        "config.mysql.database, 'config.mysql.database is required: the MySQL/MariaDB database (schema) to sync from (MYSQL_DATABASE)'",
        "config.sync.tables, 'config.sync.tables is required: the tables to sync, in run order (SYNC_TABLES)'",
    })
    void requiredValuesMissingFailRendering(String key, String message) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> e : REQUIRED.entrySet()) {
            if (!e.getKey().startsWith(key)) {
                command = command.set(e.getKey(), e.getValue());
            }
        }
        TemplateCommand withoutKey = command;
        IllegalStateException error = assertThrows(IllegalStateException.class, withoutKey::call,
                "rendering without " + key + " must fail");
        assertTrue(String.valueOf(error.getMessage()).contains(message), error.getMessage());
        IllegalStateException bare = assertThrows(IllegalStateException.class,
                () -> new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).call());
        assertTrue(String.valueOf(bare.getMessage()).contains("is required"), bare.getMessage());
    }

    // ---------------------------------------------------------------- monitoring

    @Test
    void serviceMonitorAndPrometheusRule() {
        Manifests m = render(Map.of("serviceMonitor.enabled", true, "prometheusRule.enabled", true));
        assertTrue(m.kinds().containsAll(Set.of("ServiceMonitor", "PrometheusRule")), "kinds: " + m.kinds());

        Map<String, Object> monitor = m.one("ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion"));
        Map<String, Object> endpoint = asMap(list(monitor, "spec.endpoints").get(0));
        assertEquals("/q/metrics", endpoint.get("path"));
        assertEquals("http", endpoint.get("port"));
        assertEquals("30s", endpoint.get("interval"));

        Map<String, Object> rule = m.one("PrometheusRule");
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion"));
        Map<String, String> exprs = alerts(rule);
        assertEquals(ALERTS, exprs.keySet());
        assertTrue(exprs.get("MysqlMongoSyncFailing").matches("(?s)increase\\(sync_runs_total\\{status=\"failed\".*\\}\\[30m\\]\\) > 0"),
                exprs.get("MysqlMongoSyncFailing"));
        assertTrue(exprs.get("MysqlMongoSyncLagHigh").matches("(?s)max\\(sync_lag_seconds\\{.*\\}\\) > 7200"),
                exprs.get("MysqlMongoSyncLagHigh"));
        assertTrue(exprs.get("MysqlMongoSyncPaused").matches("(?s)max\\(sync_paused\\{.*\\}\\) == 1"),
                exprs.get("MysqlMongoSyncPaused"));
        assertTrue(exprs.get("MysqlMongoSyncStale").contains("time() - max(sync_last_success_timestamp_seconds{"),
                exprs.get("MysqlMongoSyncStale"));
        assertTrue(exprs.get("MysqlMongoSyncTableStale").contains(
                "time() - max by (table) (sync_table_last_success_timestamp_seconds{"), exprs.get("MysqlMongoSyncTableStale"));
        assertEquals("15m", alertRule(rule, "MysqlMongoSyncPaused").get("for"));
        assertTrue(exprs.get("MysqlMongoSyncStreamDown").matches("(?s)max\\(sync_cdc_streams_down\\{.*\\}\\) > 0"),
                exprs.get("MysqlMongoSyncStreamDown"));
        assertTrue(exprs.values().stream().allMatch(e -> e.contains("namespace=\"" + NAMESPACE + "\"")),
                "alerts must be scoped to the release: " + exprs);

        Manifests tuned = render(Map.of("prometheusRule.enabled", true,
                "prometheusRule.lagThresholdSeconds", 600, "prometheusRule.staleThresholdSeconds", 5400));
        Map<String, String> tunedExprs = alerts(tuned.one("PrometheusRule"));
        assertTrue(tunedExprs.get("MysqlMongoSyncLagHigh").endsWith("> 600"), tunedExprs.get("MysqlMongoSyncLagHigh"));
        assertTrue(tunedExprs.get("MysqlMongoSyncStale").endsWith("> 5400"), tunedExprs.get("MysqlMongoSyncStale"));
        assertTrue(tunedExprs.get("MysqlMongoSyncTableStale").endsWith("> 5400"),
                tunedExprs.get("MysqlMongoSyncTableStale"));
        validateStructure(m, Optional.empty());
    }

    // ---------------------------------------------------------------- PDB and NetworkPolicy

    @Test
    void podDisruptionBudgetFollowsReplicaCount() {
        assertTrue(render(Map.of()).all("PodDisruptionBudget").isEmpty(), "no PDB for a single replica");
        Manifests two = render(Map.of("replicaCount", 2));
        assertEquals(2, num(two.one("Deployment"), "spec.replicas"));
        assertEquals(1, num(two.one("PodDisruptionBudget"), "spec.minAvailable"));
        assertEquals(1, render(Map.of("podDisruptionBudget.enabled", true)).all("PodDisruptionBudget").size());
        validateStructure(two, Optional.empty());
    }

    /**
     * Several replicas: with replicaCount > 1 the pods get a preferred anti-affinity over nodes by default (the
     * required or no rule on request, an explicit affinity used as it is) selecting exactly the Deployment's pods,
     * a PodDisruptionBudget over the same pods, and the lease duration in the environment.
     */
    @Test
    void severalReplicasSpreadOverNodesWithABudgetAndTheLeaseSetting() {
        Manifests one = render(Map.of());
        assertNull(get(one.one("Deployment"), "spec.template.spec.affinity"), "no anti-affinity for one replica");
        assertEquals("30", map(one.one("ConfigMap"), "data").get("SYNC_LEASE_SECONDS"));
        assertEquals("5", map(one.one("ConfigMap"), "data").get("SYNC_OPERATION_TIMEOUT_SECONDS"));

        Manifests three = render(Map.of("replicaCount", 3, "config.sync.leaseSeconds", 90));
        Map<String, Object> deployment = three.one("Deployment");
        Object selector = get(deployment, "spec.selector.matchLabels");
        assertEquals(3, num(deployment, "spec.replicas"));
        List<Object> preferred = list(deployment,
                "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution");
        assertEquals(1, preferred.size());
        Map<String, Object> rule = asMap(preferred.get(0));
        assertEquals(100, num(rule, "weight"));
        assertEquals("kubernetes.io/hostname", str(rule, "podAffinityTerm.topologyKey"));
        assertEquals(selector, get(rule, "podAffinityTerm.labelSelector.matchLabels"),
                "the rule spreads exactly the pods of this release");
        assertNull(get(deployment, "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution"));
        Map<String, Object> pdb = three.one("PodDisruptionBudget");
        assertEquals(1, num(pdb, "spec.minAvailable"));
        assertEquals(selector, get(pdb, "spec.selector.matchLabels"), "the budget covers the same pods");
        assertEquals("90", map(three.one("ConfigMap"), "data").get("SYNC_LEASE_SECONDS"));
        validateStructure(three, Optional.empty());

        Map<String, Object> required = render(Map.of("replicaCount", 3, "podAntiAffinity.mode", "required",
                "podAntiAffinity.topologyKey", "topology.kubernetes.io/zone")).one("Deployment");
        List<Object> hard = list(required,
                "spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution");
        assertEquals("topology.kubernetes.io/zone", str(asMap(hard.get(0)), "topologyKey"));
        assertEquals(selector, get(asMap(hard.get(0)), "labelSelector.matchLabels"));
        assertNull(get(required, "spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"));

        assertNull(get(render(Map.of("replicaCount", 3, "podAntiAffinity.mode", "none")).one("Deployment"),
                "spec.template.spec.affinity"), "mode none renders no affinity");
        Map<String, Object> own = render(Map.of("replicaCount", 3,
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight", 1,
                "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key",
                "pool", "affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference"
                        + ".matchExpressions[0].operator", "Exists")).one("Deployment");
        assertEquals(Set.of("nodeAffinity"), map(own, "spec.template.spec.affinity").keySet(),
                "an explicit affinity is used as it is");
    }

    @Test
    void networkPolicyAllowsDnsDatabasesAndHttp() {
        Manifests m = render(Map.of("networkPolicy.enabled", true, "config.mysql.port", 3307));
        Map<String, Object> policy = m.one("NetworkPolicy");
        Set<String> egressPorts = new HashSet<>();
        for (Object rule : list(policy, "spec.egress")) {
            for (Object p : list(asMap(rule), "ports")) {
                egressPorts.add(asMap(p).get("protocol") + "/" + asMap(p).get("port"));
            }
        }
        assertTrue(egressPorts.containsAll(Set.of("UDP/53", "TCP/53", "TCP/3307", "TCP/27017")), "egress: " + egressPorts);
        Object ingressPort = asMap(list(asMap(list(policy, "spec.ingress").get(0)), "ports").get(0)).get("port");
        assertTrue("http".equals(ingressPort) || Integer.valueOf(8080).equals(ingressPort), "ingress port " + ingressPort);
        validateStructure(m, Optional.empty());
    }

    // ---------------------------------------------------------------- schema

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource({
        "replicaCount, two, replicaCount",
        "config.sync.intervalMinutes, 0, intervalMinutes",
        "config.sync.intervalMinutes, 1441, intervalMinutes",
        "config.log.format, xml, format",
        "config.syncIntervalMinutes, 5, syncIntervalMinutes",
        "image.pullPolicy, Sometimes, pullPolicy",
        "config.mysql.port, 70000, port",
        "config.sync.leaseSeconds, 0, leaseSeconds",
        "podAntiAffinity.mode, sometimes, mode",
        "podAntiAffinity.weight, 101, weight",
        "config.sync.captureMode, logminer, captureMode",
        "config.sync.cdc.serverId, 0, serverId",
        "config.sync.cdc.batchRows, 0, batchRows",
    })
    void schemaRejectsInvalidValues(String key, String value, String field) {
        Object typed = value.matches("-?\\d+") ? (Object) Integer.valueOf(value) : value;
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> render(Map.of(key, typed)),
                key + "=" + value + " must be rejected");
        String message = String.valueOf(error.getMessage());
        assertTrue(message.contains("schema"), "not a schema error: " + message);
        assertTrue(message.contains(field), "error does not name " + field + ": " + message);
    }

    @ParameterizedTest(name = "intervalMinutes={0} is accepted")
    @ValueSource(ints = {1, 1440})
    void schemaAcceptsIntervalBounds(int minutes) {
        Manifests m = render(Map.of("config.sync.intervalMinutes", minutes));
        assertEquals(String.valueOf(minutes), map(m.one("ConfigMap"), "data").get("SYNC_INTERVAL_MINUTES"));
    }

    // ---------------------------------------------------------------- environment files

    @ParameterizedTest(name = "values-{0}.yaml")
    @ValueSource(strings = {"dev", "staging", "prod"})
    void environmentValuesFilesRender(String environment) {
        Path file = CHART.resolve("values-" + environment + ".yaml");
        assertTrue(Files.isRegularFile(file), file + " missing");
        Manifests m = render(Map.of(), file);
        Map<String, Object> deployment = m.one("Deployment");
        Optional<String> existingSecret = m.all("Secret").isEmpty()
                ? Optional.of(str(volume(deployment, "secrets"), "secret.secretName"))
                : Optional.empty();
        validateStructure(m, existingSecret);
        assertTrue(env(container(deployment), "MYSQL_PASSWORD_FILE").get("value") instanceof String,
                "every environment reads the password from the mounted Secret");

        if (environment.equals("dev")) {
            // built and loaded locally (docs/KUBERNETES.md): pulling would fail, nothing to pull from
            assertEquals("mysql-mongo-sync:jvm", container(deployment).get("image"));
            assertEquals("IfNotPresent", container(deployment).get("imagePullPolicy"));
        }

        if (environment.equals("prod")) {
            assertEquals(2, num(deployment, "spec.replicas"));
            assertTrue(m.kinds().containsAll(Set.of("PodDisruptionBudget", "ServiceMonitor", "PrometheusRule")),
                    "prod kinds: " + m.kinds());
            assertTrue(m.all("Secret").isEmpty(), "prod uses existingSecret");
            assertTrue(existingSecret.isPresent());
            Map<String, Object> container = container(deployment);
            assertNotEquals("512Mi", get(container, "resources.limits.memory"), "prod resources must be raised");
            assertNotEquals("100m", get(container, "resources.requests.cpu"), "prod resources must be raised");
            assertEquals("kubernetes.io/hostname", str(asMap(list(deployment, "spec.template.spec.affinity.podAntiAffinity"
                    + ".preferredDuringSchedulingIgnoredDuringExecution").get(0)), "podAffinityTerm.topologyKey"),
                    "prod spreads its replicas over nodes");
        }
    }

    // ---------------------------------------------------------------- whole-chart structure

    /**
     * Renders everything the chart can render and validates the Kubernetes structure: names,
     * labels, selectors against pod labels, port names, references to rendered ConfigMaps,
     * Secrets and ServiceAccounts, and string-only ConfigMap data. Needs no cluster.
     */
    @Test
    void renderedManifestsAreStructurallyValid() {
        Manifests m = render(everythingOn());
        assertEquals(Set.of("ServiceAccount", "Secret", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget",
                "ServiceMonitor", "PrometheusRule", "NetworkPolicy"), m.kinds());
        validateStructure(m, Optional.empty());
    }

    /**
     * If kubectl is installed, it must parse every rendered manifest. {@code kubectl apply
     * --dry-run=client} still needs an API server for discovery, so the cluster-less {@code
     * kubectl annotate --local} is used: it decodes each document and prints kind/name, which
     * must match what SnakeYAML sees.
     */
    @Test
    void kubectlParsesRenderedManifests(@TempDir Path tmp) throws Exception {
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("kubectl is not on PATH under CI=true: .ci/run installs it (Debian package kubernetes-client)");
        }
        Assumptions.assumeTrue(kubectl.isPresent(),
                "kubectl not on PATH; install it (e.g. apt-get install kubernetes-client) to run this check. "
                        + "Structure is still validated by renderedManifestsAreStructurallyValid.");

        String yaml = template(everythingOn());
        Manifests m = Manifests.parse(yaml);
        Path manifests = tmp.resolve("rendered.yaml");
        Files.writeString(manifests, yaml, StandardCharsets.UTF_8);
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, "", StandardCharsets.UTF_8);

        ProcessBuilder pb = new ProcessBuilder(kubectl.get().toString(), "annotate", "--local",
                "-f", manifests.toString(), "mysql-mongo-sync/validated=true", "-o", "name")
                .redirectErrorStream(false);
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Path out = tmp.resolve("kubectl.out");
        Path err = tmp.resolve("kubectl.err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("kubectl did not finish within 120 s");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertEquals(0, process.exitValue(), "kubectl rejected the rendered manifests:\n" + stderr + stdout);

        Set<String> printed = Arrays.stream(stdout.split("\\R")).map(String::trim).filter(s -> !s.isEmpty())
                // "servicemonitor.monitoring.coreos.com/name" -> "servicemonitor/name"
                .map(s -> s.substring(0, s.indexOf('/')).split("\\.")[0] + s.substring(s.indexOf('/')))
                .collect(Collectors.toSet());
        Set<String> expected = m.docs().stream()
                .map(d -> str(d, "kind").toLowerCase() + "/" + str(d, "metadata.name"))
                .collect(Collectors.toSet());
        assertEquals(expected, printed, "kubectl output:\n" + stdout);
    }

    // ================================================================= docs/KUBERNETES.md

    /**
     * The quick start of docs/KUBERNETES.md, as far as it can be checked without a cluster: its {@code helm install}
     * line renders (same values file and --set flags), the image it builds and loads is the one the chart runs and is
     * never pulled, its {@code kubectl create secret} line (run with a client-side dry run) makes a Secret with the
     * keys the chart reads, and the database manifests define the host, user, grants, database and tables the chart
     * is configured with. kubectl parses every manifest ({@code kubectl apply --dry-run=client} needs an API server
     * for discovery even with --validate=false, so the cluster-less {@code annotate --local} is used).
     */
    @Test
    void quickStartOfTheKubernetesGuideIsConsistent(@TempDir Path tmp) throws Exception {
        String guide = Files.readString(Path.of("docs/KUBERNETES.md"));
        List<String> yamlBlocks = fenced(guide, "yaml");
        List<String> commands = fenced(guide, "sh").stream().flatMap(b -> commands(b).stream()).toList();

        // 1. the image built, loaded and run
        String built = command(commands, "docker build ").replaceAll(".* -t (\\S+).*", "$1");
        assertEquals("kind load docker-image " + built, command(commands, "kind load docker-image"));
        assertEquals("minikube image load " + built, command(commands, "minikube image load"));

        // 4. the chart as the guide installs it
        List<String> helm = tokens(command(commands, "helm install "));
        TemplateCommand template = new Helm(CHART).template().withName(helm.get(2));
        String namespace = null;
        for (int i = 4; i < helm.size(); i++) {
            switch (helm.get(i)) {
                case "--namespace" -> namespace = helm.get(++i);
                case "-f", "--values" -> template = template.withValuesFile(Path.of(helm.get(++i)));
                case "--set" -> {
                    String[] kv = helm.get(++i).split("=", 2);
                    template = template.set(kv[0], kv[1]);
                }
                default -> fail("unexpected argument of the guide's helm install: " + helm.get(i));
            }
        }
        assertEquals("./helm/mysql-mongo-sync", helm.get(3));
        assertNotNull(namespace, "the guide installs into a namespace");
        String rendered = template.withNamespace(namespace).call();
        Manifests chart = Manifests.parse(rendered);
        Map<String, Object> deployment = chart.one("Deployment");
        Map<String, Object> container = container(deployment);
        assertEquals(built, container.get("image"), "the chart runs the image the guide builds and loads");
        assertEquals("IfNotPresent", container.get("imagePullPolicy"), "a loaded image must not be pulled");

        // 3. the Secret the guide creates, made by kubectl itself (client-side dry run, no cluster)
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("kubectl is not on PATH under CI=true: .ci/run installs it (Debian package kubernetes-client)");
        }
        String secretName = str(volume(deployment, "secrets"), "secret.secretName");
        assertTrue(chart.all("Secret").isEmpty(), "the guide's Secret is the existingSecret");
        String createSecret = command(commands, "kubectl --namespace " + namespace + " create secret generic ");
        assertEquals(secretName, tokens(createSecret).get(6), "the chart mounts the Secret the guide creates");
        Map<String, Object> secretData;
        if (kubectl.isPresent()) {
            secretData = map(asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(
                    run(tmp, List.of("bash", "-c", createSecret.replaceFirst("^kubectl", kubectl.get().toString())
                            + " --dry-run=client -o yaml")))), "data");
        } else {
            secretData = new LinkedHashMap<>();
            for (String t : tokens(createSecret)) {
                if (t.startsWith("--from-literal=")) {
                    String[] kv = t.substring("--from-literal=".length()).split("=", 2);
                    secretData.put(kv[0], Base64.getEncoder().encodeToString(kv[1].getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        assertEquals(Set.of("mysql-password", "mongodb-uri", "api-operator-token"), secretData.keySet());
        String mysqlPassword = decode(secretData.get("mysql-password"));
        String mongodbUri = decode(secretData.get("mongodb-uri"));
        assertEquals("/var/run/secrets/mysql-mongo-sync/mysql-password", env(container, "MYSQL_PASSWORD_FILE").get("value"));
        assertEquals("/var/run/secrets/mysql-mongo-sync/mongodb-uri", env(container, "MONGODB_URI_FILE").get("value"));
        assertTrue(decode(secretData.get("api-operator-token")).length() >= 16 || !kubectl.isPresent(),
                "the API token must be at least 16 characters");

        // 2. the databases the guide starts
        Manifests databases = Manifests.parse(String.join("\n---\n", yamlBlocks));
        Map<String, Object> config = map(chart.one("ConfigMap"), "data");
        assertTrue(databases.named("Service", (String) config.get("MYSQL_HOST")).isPresent(),
                "MYSQL_HOST " + config.get("MYSQL_HOST") + " is a Service of the guide");
        assertEquals(3306, get(asMap(list(databases.named("Service", "mariadb").orElseThrow(), "spec.ports").get(0)), "port"));
        assertEquals("3306", config.get("MYSQL_PORT"));
        assertTrue(mongodbUri.startsWith("mongodb://mongodb:27017"), mongodbUri);
        assertTrue(databases.named("Service", "mongodb").isPresent(), "the MongoDB URI names a Service of the guide");
        String init = String.valueOf(map(databases.named("ConfigMap", "mariadb-init").orElseThrow(), "data").get("init.sql"));
        String user = (String) config.get("MYSQL_USER");
        String database = (String) config.get("MYSQL_DATABASE");
        assertTrue(init.contains("CREATE DATABASE " + database + ";"), init);
        assertTrue(init.contains("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + mysqlPassword + "';"),
                "the Secret's password is the password of the user the chart connects as:\n" + init);
        for (String table : String.valueOf(config.get("SYNC_TABLES")).split(",")) {
            assertTrue(init.contains("CREATE TABLE " + database + "." + table + " ("), "table " + table + " is created");
            assertTrue(init.contains("GRANT SELECT ON `" + database + "`.`" + table + "` TO '" + user + "'@'%';"),
                    "the user may read " + table);
        }
        Object mounted = list(databases.named("Deployment", "mariadb").orElseThrow(), "spec.template.spec.volumes").stream()
                .map(v -> get(asMap(v), "configMap.name")).filter(Objects::nonNull).findFirst().orElse(null);
        assertEquals("mariadb-init", mounted, "the init script is mounted into MariaDB");

        // 5. the service the guide port-forwards to, and the Secret it reads the token from
        assertTrue(command(commands, "kubectl --namespace " + namespace + " port-forward svc/")
                .contains("svc/" + str(chart.one("Service"), "metadata.name") + " 8080:8080"));
        assertTrue(command(commands, "TOKEN=").contains("get secret " + secretName + " "));

        // every manifest parses for kubectl
        if (kubectl.isPresent()) {
            Path all = tmp.resolve("quickstart.yaml");
            Files.writeString(all, rendered + "\n---\n" + String.join("\n---\n", yamlBlocks));
            Path kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, "");
            String names = run(tmp, List.of(kubectl.get().toString(), "--kubeconfig", kubeconfig.toString(), "annotate",
                    "--local", "-f", all.toString(), "quickstart/checked=true", "-o", "name"));
            assertEquals(chart.docs().size() + databases.docs().size(), names.lines().filter(l -> !l.isBlank()).count(),
                    names);
        }
    }

    /**
     * Step 6 of docs/KUBERNETES.md: its {@code helm upgrade} to several replicas renders three replicas spread over
     * nodes with a PodDisruptionBudget, and the short lease it sets passes the service's own start-up rule
     * (LeaseBudget) with the retries and MongoDB timeouts it sets.
     */
    @Test
    void severalReplicasStepOfTheKubernetesGuideRendersAndItsLeasePassesStartUp() throws Exception {
        List<String> commands = fenced(Files.readString(Path.of("docs/KUBERNETES.md")), "sh").stream()
                .flatMap(b -> commands(b).stream()).toList();
        List<String> helm = tokens(command(commands, "helm upgrade "));
        assertEquals("./helm/mysql-mongo-sync", helm.get(3));
        TemplateCommand template = new Helm(CHART).template().withName(helm.get(2));
        for (int i = 4; i < helm.size(); i++) {
            switch (helm.get(i)) {
                case "--namespace" -> template = template.withNamespace(helm.get(++i));
                case "-f", "--values" -> template = template.withValuesFile(Path.of(helm.get(++i)));
                case "--set", "--set-string" -> {
                    String[] kv = helm.get(++i).split("=", 2);
                    template = template.set(kv[0], kv[1]);
                }
                default -> fail("unexpected argument of the guide's helm upgrade: " + helm.get(i));
            }
        }
        Manifests m = Manifests.parse(template.call());
        Map<String, Object> deployment = m.one("Deployment");
        assertEquals(3, num(deployment, "spec.replicas"));
        assertEquals(1, list(deployment, "spec.template.spec.affinity.podAntiAffinity"
                + ".preferredDuringSchedulingIgnoredDuringExecution").size());
        assertEquals(1, m.all("PodDisruptionBudget").size());
        Map<String, Object> env = map(m.one("ConfigMap"), "data");
        int lease = Integer.parseInt((String) env.get("SYNC_LEASE_SECONDS"));
        int retries = Integer.parseInt((String) env.get("SYNC_MAX_RETRIES"));
        int delay = Integer.parseInt((String) env.get("SYNC_RETRY_DELAY"));
        // One call's deadline, as MongoSettingsCustomizer#callBoundMillis computes it (no narrowing variables set).
        assertNull(env.get("MONGODB_SOCKET_TIMEOUT_MS"));
        long bound = Long.parseLong((String) env.get("SYNC_OPERATION_TIMEOUT_SECONDS")) * 1000;
        java.lang.reflect.Method rule = Class.forName("io.mysqlmongosync.engine.LeaseBudget")
                .getDeclaredMethod("problem", int.class, int.class, int.class, long.class, long.class);
        rule.setAccessible(true);
        assertNull(rule.invoke(null, lease, retries, delay, delay * 1000L, bound),
                "the guide's lease must pass start-up");
        assertNotNull(rule.invoke(null, lease / 2, retries, delay, delay * 1000L, bound),
                "and the rule is what limits it (half of it is refused)");
        assertTrue(lease <= 30, "the guide's point is a take-over within a minute: " + lease);
    }

    /** The bodies of the fenced code blocks of {@code markdown} in {@code language}. */
    private static List<String> fenced(String markdown, String language) {
        List<String> blocks = new ArrayList<>();
        java.util.regex.Matcher m = Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```").matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertFalse(blocks.isEmpty(), "no ```" + language + " block");
        return blocks;
    }

    /** Shell commands of a block: continuation lines joined, comments dropped. */
    private static List<String> commands(String block) {
        return Arrays.stream(block.replaceAll("\\\\\n\\s*", "").split("\n")).map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static String command(List<String> commands, String start) {
        List<String> found = commands.stream().filter(c -> c.startsWith(start)).toList();
        assertEquals(1, found.size(), "one command starting with <" + start + "> expected: " + commands);
        return found.get(0);
    }

    /** Splits a shell command into words: quotes group and are removed; nothing is expanded. */
    private static List<String> tokens(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (char ch : command.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    word.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                inWord = true;
            } else if (Character.isWhitespace(ch)) {
                if (inWord) {
                    out.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            out.add(word.toString());
        }
        return out;
    }

    private static String run(Path tmp, List<String> command) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Path kubeconfig = tmp.resolve("empty-kubeconfig");
        Files.writeString(kubeconfig, "");
        pb.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within 120 s");
        }
        assertEquals(0, process.exitValue(), command + " failed:\n" + Files.readString(err) + Files.readString(out));
        return Files.readString(out);
    }

    // ================================================================= structural validation

    private static void validateStructure(Manifests m, Optional<String> existingSecret) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> doc : m.docs()) {
            String id = doc.get("kind") + "/" + get(doc, "metadata.name");
            if (!(doc.get("apiVersion") instanceof String) || ((String) doc.get("apiVersion")).isBlank()) {
                problems.add(id + ": apiVersion missing");
            }
            if (!(doc.get("kind") instanceof String) || ((String) doc.get("kind")).isBlank()) {
                problems.add(id + ": kind missing");
            }
            Object name = get(doc, "metadata.name");
            if (!(name instanceof String) || !DNS_1123_SUBDOMAIN.matcher((String) name).matches()
                    || ((String) name).length() > 63) {
                problems.add(id + ": metadata.name is not a DNS-1123 name of at most 63 characters");
            }
            if (!names.add(id)) {
                problems.add(id + ": rendered twice");
            }
            if (!NAMESPACE.equals(get(doc, "metadata.namespace"))) {
                problems.add(id + ": metadata.namespace is not the release namespace");
            }
            checkStringMap(problems, id + " labels", get(doc, "metadata.labels"), true);
            checkStringMap(problems, id + " annotations", get(doc, "metadata.annotations"), false);
        }

        Map<String, Object> deployment = m.one("Deployment");
        Map<String, Object> podLabels = map(deployment, "spec.template.metadata.labels");
        checkStringMap(problems, "pod labels", podLabels, true);
        checkStringMap(problems, "pod annotations", get(deployment, "spec.template.metadata.annotations"), false);
        checkSelector(problems, "Deployment spec.selector", get(deployment, "spec.selector.matchLabels"), podLabels);
        if (!(get(deployment, "spec.replicas") instanceof Integer)) {
            problems.add("Deployment spec.replicas is not an integer");
        }

        Map<String, Object> podSpec = map(deployment, "spec.template.spec");
        Set<String> volumes = list(podSpec, "volumes").stream().map(v -> (String) asMap(v).get("name"))
                .collect(Collectors.toSet());
        List<Object> containers = list(podSpec, "containers");
        if (containers.isEmpty()) {
            problems.add("Deployment has no containers");
        }
        Set<String> portNames = new HashSet<>();
        for (Object c : containers) {
            Map<String, Object> container = asMap(c);
            String cid = "container " + container.get("name");
            if (!(container.get("image") instanceof String)) {
                problems.add(cid + ": image missing");
            }
            for (Object p : list(container, "ports")) {
                Object containerPort = asMap(p).get("containerPort");
                if (!(containerPort instanceof Integer) || (Integer) containerPort < 1 || (Integer) containerPort > 65535) {
                    problems.add(cid + ": bad containerPort " + containerPort);
                }
                portNames.add((String) asMap(p).get("name"));
            }
            for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                Object port = get(container, probe + ".httpGet.port");
                if (port == null || (port instanceof String && !portNames.contains(port))) {
                    problems.add(cid + ": " + probe + " uses undeclared port " + port);
                }
            }
            for (Object e : list(container, "env")) {
                Map<String, Object> env = asMap(e);
                Object envName = env.get("name");
                if (!(envName instanceof String) || !ENV_NAME.matcher((String) envName).matches()) {
                    problems.add(cid + ": bad env name " + envName);
                }
                boolean hasValue = env.containsKey("value");
                boolean hasFrom = env.containsKey("valueFrom");
                if (hasValue == hasFrom) {
                    problems.add(cid + ": env " + envName + " needs exactly one of value/valueFrom");
                }
                if (hasValue && !(env.get("value") instanceof String)) {
                    problems.add(cid + ": env " + envName + " value is not a string");
                }
                Object secretName = get(env, "valueFrom.secretKeyRef.name");
                if (secretName != null) {
                    String key = String.valueOf(get(env, "valueFrom.secretKeyRef.key"));
                    if (existingSecret.isPresent()) {
                        if (!existingSecret.get().equals(secretName)) {
                            problems.add(cid + ": env " + envName + " refers to " + secretName + ", not the existing secret");
                        }
                    } else {
                        Optional<Map<String, Object>> secret = m.named("Secret", (String) secretName);
                        if (secret.isEmpty()) {
                            problems.add(cid + ": env " + envName + " refers to unrendered Secret " + secretName);
                        } else if (!map(secret.get(), "data").containsKey(key)) {
                            problems.add(cid + ": Secret " + secretName + " has no key " + key);
                        }
                    }
                }
            }
            for (Object e : list(container, "envFrom")) {
                Object cm = get(asMap(e), "configMapRef.name");
                if (cm != null && m.named("ConfigMap", (String) cm).isEmpty()) {
                    problems.add(cid + ": envFrom refers to unrendered ConfigMap " + cm);
                }
            }
            for (Object vm : list(container, "volumeMounts")) {
                if (!volumes.contains(asMap(vm).get("name"))) {
                    problems.add(cid + ": volumeMount " + asMap(vm).get("name") + " has no volume");
                }
            }
            for (Object e : list(container, "env")) {
                String envName = String.valueOf(asMap(e).get("name"));
                Object path = asMap(e).get("value");
                if ((envName.endsWith("_FILE") || envName.equals("MYSQL_SSL_CA")) && path instanceof String p
                        && list(container, "volumeMounts").stream().map(vm -> String.valueOf(asMap(vm).get("mountPath")))
                        .noneMatch(mp -> p.startsWith(mp + "/"))) {
                    problems.add(cid + ": " + envName + "=" + p + " is not inside a mounted volume");
                }
            }
        }

        for (Object v : list(podSpec, "volumes")) {
            Object secretName = get(asMap(v), "secret.secretName");
            if (secretName == null || !String.valueOf(asMap(v).get("name")).equals("secrets")) {
                continue; // CA secrets are created by the operator
            }
            if (existingSecret.isPresent() ? !existingSecret.get().equals(secretName)
                    : m.named("Secret", String.valueOf(secretName)).isEmpty()) {
                problems.add("volume secrets refers to Secret " + secretName + ", neither rendered nor the existing one");
            }
        }

        Object serviceAccount = podSpec.get("serviceAccountName");
        if (!m.all("ServiceAccount").isEmpty() && m.named("ServiceAccount", String.valueOf(serviceAccount)).isEmpty()) {
            problems.add("serviceAccountName " + serviceAccount + " is not the rendered ServiceAccount");
        }

        for (Map<String, Object> cm : m.all("ConfigMap")) {
            if ((FULLNAME + "-mapping").equals(get(cm, "metadata.name"))) {
                continue; // a mounted file, not environment variables
            }
            for (Map.Entry<String, Object> e : map(cm, "data").entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    problems.add("ConfigMap key " + e.getKey() + " is not a string but " + e.getValue().getClass().getSimpleName());
                }
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    problems.add("ConfigMap key " + e.getKey() + " is not a valid environment variable name");
                }
            }
        }
        for (Map<String, Object> secret : m.all("Secret")) {
            for (Map.Entry<String, Object> e : map(secret, "data").entrySet()) {
                try {
                    Base64.getDecoder().decode(String.valueOf(e.getValue()));
                } catch (IllegalArgumentException ex) {
                    problems.add("Secret key " + e.getKey() + " is not base64");
                }
            }
        }

        Map<String, Object> service = m.one("Service");
        checkSelector(problems, "Service spec.selector", get(service, "spec.selector"), podLabels);
        Set<String> servicePortNames = new HashSet<>();
        for (Object p : list(service, "spec.ports")) {
            Object target = asMap(p).get("targetPort");
            if (target instanceof String && !portNames.contains(target)) {
                problems.add("Service targetPort " + target + " is not a container port name");
            }
            servicePortNames.add((String) asMap(p).get("name"));
        }

        for (Map<String, Object> pdb : m.all("PodDisruptionBudget")) {
            checkSelector(problems, "PDB selector", get(pdb, "spec.selector.matchLabels"), podLabels);
        }
        for (Map<String, Object> np : m.all("NetworkPolicy")) {
            checkSelector(problems, "NetworkPolicy podSelector", get(np, "spec.podSelector.matchLabels"), podLabels);
        }
        for (Map<String, Object> sm : m.all("ServiceMonitor")) {
            checkSelector(problems, "ServiceMonitor selector", get(sm, "spec.selector.matchLabels"),
                    map(service, "metadata.labels"));
            for (Object ep : list(sm, "spec.endpoints")) {
                if (!servicePortNames.contains(asMap(ep).get("port"))) {
                    problems.add("ServiceMonitor endpoint port " + asMap(ep).get("port") + " is not a Service port name");
                }
            }
        }
        for (Map<String, Object> pr : m.all("PrometheusRule")) {
            for (Object group : list(pr, "spec.groups")) {
                for (Object r : list(asMap(group), "rules")) {
                    Map<String, Object> rule = asMap(r);
                    Object expr = rule.get("expr");
                    if (!(rule.get("alert") instanceof String) || !(expr instanceof String) || ((String) expr).isBlank()) {
                        problems.add("PrometheusRule rule without alert/expr: " + rule);
                    } else if (!balanced((String) expr)) {
                        problems.add("PrometheusRule " + rule.get("alert") + " has unbalanced brackets: " + expr);
                    }
                }
            }
        }

        assertTrue(problems.isEmpty(), "structural problems:\n - " + String.join("\n - ", problems));
    }

    private static void checkStringMap(List<String> problems, String what, Object value, boolean labels) {
        if (value == null) {
            return;
        }
        if (!(value instanceof Map)) {
            problems.add(what + " is not a map");
            return;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
            if (!(e.getValue() instanceof String)) {
                problems.add(what + ": value of " + e.getKey() + " is not a string");
            } else if (labels && (((String) e.getValue()).length() > 63 || !LABEL_VALUE.matcher((String) e.getValue()).matches())) {
                problems.add(what + ": " + e.getKey() + "=" + e.getValue() + " is not a valid label value");
            }
        }
    }

    private static void checkSelector(List<String> problems, String what, Object selector, Map<String, Object> target) {
        if (!(selector instanceof Map) || ((Map<?, ?>) selector).isEmpty()) {
            problems.add(what + " is empty");
            return;
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) selector).entrySet()) {
            if (!e.getValue().equals(target.get(String.valueOf(e.getKey())))) {
                problems.add(what + " " + e.getKey() + "=" + e.getValue() + " does not match " + target);
            }
        }
    }

    private static boolean balanced(String expr) {
        int depth = 0;
        StringBuilder stack = new StringBuilder();
        boolean quoted = false;
        for (char ch : expr.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (!quoted && "({[".indexOf(ch) >= 0) {
                stack.append(ch);
                depth++;
            } else if (!quoted && ")}]".indexOf(ch) >= 0) {
                if (depth == 0 || "({[".indexOf(stack.charAt(depth - 1)) != ")}]".indexOf(ch)) {
                    return false;
                }
                stack.setLength(--depth);
            }
        }
        return depth == 0 && !quoted;
    }

    // ================================================================= helpers

    private static Map<String, Object> everythingOn() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("replicaCount", 2);
        values.put("serviceMonitor.enabled", true);
        values.put("prometheusRule.enabled", true);
        values.put("networkPolicy.enabled", true);
        values.put("config.extra.SYNC_PRODUCTS_COLLECTION", "catalog_products");
        values.put("podLabels.team", "data");
        values.put("podAnnotations.example\\.com/owner", "data-team");
        return values;
    }

    /** The values the chart requires (no defaults): given to every rendering without a values file. */
    private static final Map<String, Object> REQUIRED = requiredValues();

    private static Map<String, Object> requiredValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("config.mysql.database", "shop");
        List<String> tables = List.of("products", "orders", "customers", "inventory", "categories");
        for (int i = 0; i < tables.size(); i++) {
            values.put("config.sync.tables[" + i + "]", tables.get(i));
        }
        return values;
    }

    private static Manifests render(Map<String, Object> values, Path... valuesFiles) {
        return Manifests.parse(template(values, valuesFiles));
    }

    private static String template(Map<String, Object> values, Path... valuesFiles) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        if (valuesFiles.length == 0) {
            all.putAll(REQUIRED);
        }
        all.putAll(values);
        for (Map.Entry<String, Object> e : all.entrySet()) {
            command = command.set(e.getKey(), e.getValue());
        }
        return command.call();
    }

    private static String checksumConfig(Manifests m) {
        return annotation(m, "checksum/config");
    }

    private static String annotation(Manifests m, String name) {
        Object value = map(m.one("Deployment"), "spec.template.metadata.annotations").get(name);
        assertNotNull(value, "pod annotation " + name + " missing");
        return String.valueOf(value);
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Object> containers = list(deployment, "spec.template.spec.containers");
        assertEquals(1, containers.size(), "one container expected");
        return asMap(containers.get(0));
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return list(container, "env").stream().map(HelmChartTest::asMap).filter(e -> name.equals(e.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("env " + name + " missing"));
    }

    private static void assertSecretRef(Map<String, Object> container, String envName, String secret, String key) {
        Map<String, Object> env = env(container, envName);
        assertFalse(env.containsKey("value"), envName + " must not be a literal value");
        assertEquals(secret, get(env, "valueFrom.secretKeyRef.name"), envName + " secretKeyRef.name");
        assertEquals(key, get(env, "valueFrom.secretKeyRef.key"), envName + " secretKeyRef.key");
    }

    /** The Secret is mounted read-only and the _FILE variables name its files; no secret in the environment. */
    private static void assertSecretFiles(Map<String, Object> deployment, String secret, String passwordKey,
            String uriKey) {
        Map<String, Object> container = container(deployment);
        Set<String> names = list(container, "env").stream().map(e -> String.valueOf(asMap(e).get("name")))
                .collect(Collectors.toSet());
        assertFalse(names.contains("MYSQL_PASSWORD") || names.contains("MONGODB_URI"), "secrets as env: " + names);
        String dir = "/var/run/secrets/mysql-mongo-sync";
        assertEquals(dir + "/" + passwordKey, env(container, "MYSQL_PASSWORD_FILE").get("value"));
        assertEquals(dir + "/" + uriKey, env(container, "MONGODB_URI_FILE").get("value"));
        Map<String, Object> mount = list(container, "volumeMounts").stream().map(HelmChartTest::asMap)
                .filter(v -> dir.equals(v.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + dir));
        assertEquals(Boolean.TRUE, mount.get("readOnly"));
        assertFalse(mount.containsKey("subPath"), "a subPath mount would never see a rotated secret");
        Map<String, Object> volume = volume(deployment, String.valueOf(mount.get("name")));
        assertEquals(secret, get(volume, "secret.secretName"));
        assertNull(get(volume, "secret.items"), "every key becomes a file");
        assertEquals(0440, get(volume, "secret.defaultMode"), "readable by the pod's group (fsGroup) only");
    }

    /** {@code path} is a file of key {@code key} of Secret {@code secret}, mounted read-only. */
    private static void assertFileFromSecret(Map<String, Object> deployment, String path, String secret, String key) {
        String dir = path.substring(0, path.lastIndexOf('/'));
        Map<String, Object> mount = list(container(deployment), "volumeMounts").stream().map(HelmChartTest::asMap)
                .filter(v -> dir.equals(v.get("mountPath"))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + dir));
        assertEquals(Boolean.TRUE, mount.get("readOnly"));
        Map<String, Object> volume = volume(deployment, String.valueOf(mount.get("name")));
        assertEquals(secret, get(volume, "secret.secretName"));
        assertEquals(List.of(Map.of("key", key, "path", path.substring(dir.length() + 1))), get(volume, "secret.items"));
    }

    private static Map<String, Object> volume(Map<String, Object> deployment, String name) {
        return list(deployment, "spec.template.spec.volumes").stream().map(HelmChartTest::asMap)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("volume " + name + " missing"));
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path) {
        assertEquals(path, get(container, probe + ".httpGet.path"), probe + " path");
        assertEquals("http", get(container, probe + ".httpGet.port"), probe + " port");
    }

    private static Map<String, String> alerts(Map<String, Object> rule) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object group : list(rule, "spec.groups")) {
            for (Object r : list(asMap(group), "rules")) {
                Map<String, Object> entry = asMap(r);
                out.put(String.valueOf(entry.get("alert")), String.valueOf(entry.get("expr")).trim());
            }
        }
        return out;
    }

    private static Map<String, Object> alertRule(Map<String, Object> rule, String alert) {
        for (Object group : list(rule, "spec.groups")) {
            for (Object r : list(asMap(group), "rules")) {
                if (alert.equals(asMap(r).get("alert"))) {
                    return asMap(r);
                }
            }
        }
        throw new AssertionError("alert " + alert + " missing");
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode(String.valueOf(base64)), StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator)).map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable).findFirst();
    }

    /** Walks a dotted path through nested maps; null when any step is missing. */
    private static Object get(Map<String, Object> root, String path) {
        Object current = root;
        for (String part : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(part);
        }
        return current;
    }

    private static String str(Map<String, Object> root, String path) {
        Object value = get(root, path);
        assertInstanceOf(String.class, value, path + " is not a string");
        return (String) value;
    }

    private static int num(Map<String, Object> root, String path) {
        Object value = get(root, path);
        assertInstanceOf(Integer.class, value, path + " is not an integer");
        return (Integer) value;
    }

    private static Map<String, Object> map(Map<String, Object> root, String path) {
        Object value = get(root, path);
        if (value == null) {
            return Map.of();
        }
        return asMap(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> root, String path) {
        Object value = get(root, path);
        if (value == null) {
            return List.of();
        }
        assertInstanceOf(List.class, value, path + " is not a list");
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertInstanceOf(Map.class, value, "expected a map: " + value);
        return (Map<String, Object>) value;
    }

    /** The documents of one {@code helm template} run. */
    private static final class Manifests {
        private final List<Map<String, Object>> docs;

        private Manifests(List<Map<String, Object>> docs) {
            this.docs = docs;
        }

        static Manifests parse(String yaml) {
            Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : parser.loadAll(yaml)) {
                if (doc != null) {
                    docs.add(asMap(doc));
                }
            }
            assertFalse(docs.isEmpty(), "helm template rendered nothing");
            return new Manifests(docs);
        }

        List<Map<String, Object>> docs() {
            return docs;
        }

        Set<String> kinds() {
            return docs.stream().map(d -> String.valueOf(d.get("kind"))).collect(Collectors.toSet());
        }

        List<Map<String, Object>> all(String kind) {
            return docs.stream().filter(d -> kind.equals(d.get("kind"))).collect(Collectors.toList());
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = all(kind);
            assertEquals(1, found.size(), "exactly one " + kind + " expected, kinds: " + kinds());
            return found.get(0);
        }

        Optional<Map<String, Object>> named(String kind, String name) {
            return all(kind).stream().filter(d -> name.equals(get(d, "metadata.name"))).findFirst();
        }
    }
}
