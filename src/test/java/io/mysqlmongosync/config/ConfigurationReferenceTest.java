package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mysqlmongosync.mapping.ProtectionKeys;
import io.mysqlmongosync.security.ApiSecurityConfig;
import io.mysqlmongosync.source.binlog.CdcSettings;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md and the code agree on the settings: every environment variable the code reads is described
 * there, every variable described there is read, and the ranges the reference, the Helm chart's
 * {@code values.schema.json} and README, and the settings' Javadoc state are the ones {@link EnvironmentValueRules}
 * enforces.
 *
 * <p>The code's variables come from the {@code @ConfigMapping} interfaces (method names as the environment spells
 * them: {@code sync.batch-size} is SYNC_BATCH_SIZE), {@link EnvironmentValueRules}, the {@code ${VAR:default}}
 * placeholders of application.properties, the {@code _FILE} variables of {@link SecretFileValues}, the per-table
 * settings of {@link TableSettings}, {@link ReplicaOwner}, and
 * every variable named by a string literal in src/main/java (raw reads such as {@code @ConfigProperty(name =
 * "MYSQL_SOCKET_TIMEOUT_MS")}).
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("docs/CONFIGURATION.md");
    private static final Path PROPERTIES = Path.of("src/main/resources/application.properties");
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path CHART = Path.of("helm/mysql-mongo-sync");

    /** The typed settings, read through SmallRye's environment names. */
    private static final List<Class<?>> MAPPINGS = List.of(SyncConfig.class, CdcSettings.class, ProtectionKeys.class,
            ApiSecurityConfig.class);
    /** Described in the reference but read by Quarkus extensions (smallrye-jwt), not by this code. */
    private static final Set<String> READ_BY_EXTENSIONS = Set.of("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
            "MP_JWT_VERIFY_ISSUER");

    private static final Pattern VARIABLE_LITERAL = Pattern.compile("\"((?:SYNC|MYSQL|MONGODB)_[A-Z0-9_]*[A-Z0-9])\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Pattern DOC_VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*(?:<TABLE>[A-Z0-9_]*)?");
    private static final Pattern RANGE = Pattern.compile("(?<![\\d.])(-?\\d+)(?:\\.\\.| to )(\\d+)(?![\\d.])");
    private static final Pattern CHART_ENTRY = Pattern.compile("^\\s*\"([A-Z][A-Z0-9_]*)\" \\(?\\$c\\.([A-Za-z.]+)");

    @Test
    void everyVariableTheCodeReadsIsDescribed() throws IOException {
        List<String> rows = rows();
        String doc = Files.readString(DOC);
        Set<String> described = matches(DOC_VARIABLE, doc);
        List<String> missing = new ArrayList<>();
        for (String variable : codeVariables()) {
            if (!described.contains(variable) && !describedAsSuffix(variable, rows)) {
                missing.add(variable);
            }
        }
        assertEquals(List.of(), missing, "read by the code but not described in " + DOC);
    }

    @Test
    void everyDescribedVariableIsRead() throws IOException {
        Set<String> code = codeVariables();
        List<String> unknown = new ArrayList<>();
        for (String row : rows()) {
            for (String variable : matches(DOC_VARIABLE, firstCell(row))) {
                if (!code.contains(variable) && !READ_BY_EXTENSIONS.contains(variable)) {
                    unknown.add(variable);
                }
            }
        }
        assertEquals(List.of(), unknown, "described in " + DOC + " but read by no code");
    }

    @Test
    void describedRangesAreTheCheckedOnes() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (String row : rows()) {
            Set<String> named = matches(DOC_VARIABLE, firstCell(row));
            if (named.size() == 1) {
                wrong.addAll(rangeDrift(named.iterator().next(), row.substring(row.indexOf('|', 1))));
            }
        }
        assertEquals(List.of(), wrong, "ranges in " + DOC);
    }

    @Test
    void chartReadmeRangesAreTheCheckedOnes() throws IOException {
        Map<String, EnvironmentValueRules.Range> ranges = EnvironmentValueRules.ranges();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String row : Files.readAllLines(CHART.resolve("README.md"))) {
            Set<String> named = matches(DOC_VARIABLE, row);
            named.retainAll(ranges.keySet());
            if (row.startsWith("| `config.") && named.size() == 1) {
                checked++;
                wrong.addAll(rangeDrift(named.iterator().next(), row));
            }
        }
        assertTrue(checked > 5, "the chart README's value table was read");
        assertEquals(List.of(), wrong, "ranges in " + CHART.resolve("README.md"));
    }

    /** The Javadoc of the typed settings states a range as {@code (SYNC_BATCH_SIZE), 1..100000}: the checked one. */
    @Test
    void javadocRangesAreTheCheckedOnes() throws IOException {
        Pattern stated = Pattern.compile("\\(((?:SYNC|MYSQL|MONGODB)_[A-Z0-9_]+)\\),? (-?\\d+\\.\\.\\d+)");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = stated.matcher(Files.readString(f));
                while (m.find()) {
                    checked++;
                    rangeDrift(m.group(1), m.group(2)).forEach(d -> wrong.add(f.getFileName() + ": " + d));
                }
            }
        }
        assertTrue(checked > 5, "the settings' Javadoc was read");
        assertEquals(List.of(), wrong, "ranges in the Javadoc of the settings");
    }

    /** A message when the first range {@code text} states differs from the one checked for {@code variable}. */
    private static List<String> rangeDrift(String variable, String text) {
        EnvironmentValueRules.Range range = EnvironmentValueRules.ranges().get(variable.replace("<TABLE>_", ""));
        Matcher m = RANGE.matcher(text);
        if (range == null || !m.find()) {
            return List.of();
        }
        String stated = m.group(1) + ".." + m.group(2);
        String inCode = range.min() + ".." + range.max();
        return stated.equals(inCode) ? List.of()
                : List.of(variable + ": " + stated + " described, " + inCode + " checked");
    }

    @Test
    void chartSchemaBoundsAreTheCheckedOnes() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(CHART.resolve("values.schema.json").toFile());
        Map<String, EnvironmentValueRules.Range> ranges = EnvironmentValueRules.ranges();
        Map<String, String> values = chartValues();
        assertTrue(values.containsKey("SYNC_INTERVAL_MINUTES"), "the chart's environment was read: " + values);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            JsonNode node = schema;
            for (String part : e.getValue().split("\\.")) {
                node = node.path("properties").path(part);
            }
            EnvironmentValueRules.Range range = ranges.get(e.getKey());
            if (node.isMissingNode() || !"integer".equals(node.path("type").asText())) {
                continue;
            }
            String inChart = bound(node, "minimum") + ".." + bound(node, "maximum");
            String inCode = range == null ? "unchecked" : range.min() + ".." + range.max();
            if (!inChart.equals(inCode)) {
                wrong.add(e.getKey() + " (" + e.getValue() + "): " + inChart + " in the chart, " + inCode + " in code");
            }
        }
        assertEquals(List.of(), wrong, "bounds of " + CHART.resolve("values.schema.json"));
    }

    /** The variables the code reads, per-table ones as {@code SYNC_<TABLE>_...}. */
    static Set<String> codeVariables() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Class<?> mapping : MAPPINGS) {
            String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
            for (Method m : mapping.getDeclaredMethods()) {
                if (!m.isDefault() && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0) {
                    out.add(environmentName(prefix + "." + kebab(m.getName())));
                }
            }
        }
        out.addAll(EnvironmentValueRules.variables());
        SecretFileValues.SECRETS.values().forEach(v -> out.add(v + "_FILE"));
        out.addAll(matches(PLACEHOLDER, Files.readString(PROPERTIES)));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                out.addAll(matches(VARIABLE_LITERAL, Files.readString(f)));
            }
        }
        TableSettings.SETTINGS.forEach(s -> out.add("SYNC_<TABLE>_" + s));
        out.add("SYNC_PROTECT_<TABLE>");
        out.addAll(List.of(ReplicaOwner.POD_VARIABLES));
        return out;
    }

    /** The chart's environment variables set from a value: variable → value path under {@code config}. */
    private static Map<String, String> chartValues() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CHART.resolve("templates/configmap.yaml"))) {
            Matcher m = CHART_ENTRY.matcher(line);
            if (m.find()) {
                out.put(m.group(1), "config." + m.group(2));
            }
        }
        return out;
    }

    private static String bound(JsonNode node, String name) {
        return node.has(name) ? node.get(name).asText() : "none";
    }

    /** Whether {@code variable} is a described one plus a suffix its row names, e.g. {@code (also `_FILE`)}. */
    private static boolean describedAsSuffix(String variable, List<String> rows) {
        for (String row : rows) {
            for (String base : matches(DOC_VARIABLE, row)) {
                if (variable.startsWith(base + "_") && row.contains("`" + variable.substring(base.length()) + "`")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The rows of the reference's tables (header and separator rows left out). */
    private static List<String> rows() throws IOException {
        return Files.readAllLines(DOC).stream().filter(l -> l.startsWith("| `")).toList();
    }

    private static String firstCell(String row) {
        return row.substring(1, row.indexOf('|', 1));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(m.groupCount() > 0 ? m.group(1) : m.group());
        }
        return out;
    }

    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
