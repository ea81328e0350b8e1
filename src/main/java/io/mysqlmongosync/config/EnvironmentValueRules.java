package io.mysqlmongosync.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the operator-facing settings, so that a bad value stops start-up with a message naming the environment
 * variable and the value (e.g. {@code SYNC_BATCH_SIZE='0'}) rather than an internal property name or a failure
 * somewhere later. Secret values are never shown (MONGODB_URI is shown with its password masked). Registered
 * through {@code META-INF/services}.
 *
 * <p>Two guards: every setting of the table is checked once, all together, at the first lookup of any of them
 * (so a variable is validated even when nothing reads it, or Quarkus reads it late, e.g. MYSQL_PORT only on the
 * first connection), and each value is checked again as it is read. The priority puts this interceptor below the
 * expression interceptor (3300), so that variables read through {@code ${MYSQL_PORT:3306}} expressions in
 * application.properties pass through it too, and above {@link SecretFileValues} (3250), so that a value read
 * from a {@code _FILE} is checked like one set directly.
 */
@Priority(Priorities.LIBRARY + 260)
public class EnvironmentValueRules implements ConfigSourceInterceptor {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Pattern DURATION = Pattern.compile("[1-9][0-9]*(ms|s|m|h)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%:\\[\\]-]{1,255}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    private static final Pattern CHARSET = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern MONGO_DATABASE = Pattern.compile("[^/\\\\. \"$*<>:|?]{1,63}");

    /** Whether the whole table has been checked in this configuration (once, at the first lookup of a setting). */
    private volatile boolean allChecked;

    /** Property or variable name as looked up → (variable name shown to the operator, rule). */
    private static final Map<String, Rule> RULES = Map.ofEntries(
            rule("sync.interval-minutes", "SYNC_INTERVAL_MINUTES",
                    range(SettingBounds.INTERVAL_MINUTES_MIN, SettingBounds.INTERVAL_MINUTES_MAX)),
            rule("sync.batch-size", "SYNC_BATCH_SIZE", range(SettingBounds.BATCH_SIZE_MIN, SettingBounds.BATCH_SIZE_MAX)),
            rule("sync.max-retries", "SYNC_MAX_RETRIES", range(0, 100)),
            rule("sync.retry-delay", "SYNC_RETRY_DELAY", range(0, 3600)),
            rule("sync.operation-timeout-seconds", "SYNC_OPERATION_TIMEOUT_SECONDS", range(2, 3600)),
            rule("sync.enabled", "SYNC_ENABLED", EnvironmentValueRules::bool),
            rule("sync.keep-micros", "SYNC_KEEP_MICROS", EnvironmentValueRules::bool),
            rule("sync.safety-lag-seconds", "SYNC_SAFETY_LAG_SECONDS", range(0, 3600)),
            rule("sync.lookback-seconds", "SYNC_LOOKBACK_SECONDS", range(0, 86_400)),
            rule("sync.run-timeout-minutes", "SYNC_RUN_TIMEOUT_MINUTES", range(1, 10_080)),
            rule("sync.stall-timeout-seconds", "SYNC_STALL_TIMEOUT_SECONDS", range(1, 86_400)),
            rule("MYSQL_SOCKET_TIMEOUT_MS", "MYSQL_SOCKET_TIMEOUT_MS", range(1000, 86_400_000)),
            rule("sync.max-failed-runs", "SYNC_MAX_FAILED_RUNS", range(1, 1000)),
            rule("sync.lease-seconds", "SYNC_LEASE_SECONDS", range(5, 3600)),
            rule("sync.history-days", "SYNC_HISTORY_DAYS", range(1, 3650)),
            rule("sync.tables", "SYNC_TABLES", EnvironmentValueRules::identifierList),
            rule("sync.change-columns", "SYNC_CHANGE_COLUMNS", EnvironmentValueRules::identifierList),
            rule("sync.reverse-tables", "SYNC_REVERSE_TABLES", EnvironmentValueRules::identifierList),
            rule("sync.reverse-change-field", "SYNC_REVERSE_CHANGE_FIELD", EnvironmentValueRules::identifier),
            rule("sync.reverse-capture", "SYNC_REVERSE_CAPTURE", oneOf("auto", "stream", "polling")),
            rule("sync.created-column", "SYNC_CREATED_COLUMN", EnvironmentValueRules::identifier),
            rule("sync.date-mode", "SYNC_DATE_MODE", oneOf("date", "string")),
            rule("sync.null-mode", "SYNC_NULL_MODE", oneOf("null", "omit")),
            rule("sync.source-time-zone", "SYNC_SOURCE_TIME_ZONE", EnvironmentValueRules::zone),
            rule("sync.tick", "SYNC_TICK", v -> DURATION.matcher(v).matches() ? null
                    : "must be a duration such as 10s, 500ms, 1m"),
            rule("sync.soft-delete-mode", "SYNC_SOFT_DELETE_MODE", oneOf("remove", "mark")),
            rule("sync.repair-interval-minutes", "SYNC_REPAIR_INTERVAL_MINUTES",
                    range(SettingBounds.REPAIR_INTERVAL_MINUTES_MIN, SettingBounds.REPAIR_INTERVAL_MINUTES_MAX)),
            rule("sync.repair-budget-rows", "SYNC_REPAIR_BUDGET_ROWS", range(1, 1_000_000_000)),
            rule("sync.reconcile-every-runs", "SYNC_RECONCILE_EVERY_RUNS", range(0, 100_000)),
            rule("sync.conflict-policy", "SYNC_CONFLICT_POLICY", oneOf(ConflictPolicy.accepted())),
            rule("sync.conflict-field", "SYNC_CONFLICT_FIELD", EnvironmentValueRules::identifier),
            rule("sync.backfill-added-columns", "SYNC_BACKFILL_ADDED_COLUMNS", EnvironmentValueRules::bool),
            rule("sync.parallel-tables", "SYNC_PARALLEL_TABLES", range(1, 64)),
            rule("sync.load-partitions", "SYNC_LOAD_PARTITIONS", range(1, 64)),
            rule("sync.load-threads", "SYNC_LOAD_THREADS", range(1, 64)),
            rule("sync.load-partition-min-rows", "SYNC_LOAD_PARTITION_MIN_ROWS", range(0, 1_000_000_000_000L)),
            rule("sync.cdc.server-id", "SYNC_CDC_SERVER_ID", range(1, 4_294_967_295L)),
            rule("sync.cdc.resnapshot-on-gap", "SYNC_CDC_RESNAPSHOT_ON_GAP", EnvironmentValueRules::bool),
            rule("sync.cdc.batch-rows", "SYNC_CDC_BATCH_ROWS", range(1, 100_000)),
            rule("sync.cdc.batch-millis", "SYNC_CDC_BATCH_MILLIS", range(0, 60_000)),
            rule("SYNC_CDC_SUPERVISE_EVERY", "SYNC_CDC_SUPERVISE_EVERY", v -> DURATION.matcher(v).matches() ? null
                    : "must be a duration such as 5s, 500ms, 1m"),
            rule("MYSQL_PORT", "MYSQL_PORT", range(1, 65_535)),
            rule("MYSQL_MIN_POOL_SIZE", "MYSQL_MIN_POOL_SIZE", range(0, 1000)),
            rule("MYSQL_MAX_POOL_SIZE", "MYSQL_MAX_POOL_SIZE", range(1, 1000)),
            rule("MYSQL_POOL_TIMEOUT", "MYSQL_POOL_TIMEOUT", range(1, 3600)),
            rule("MYSQL_POOL_RECYCLE", "MYSQL_POOL_RECYCLE", range(1, 86_400)),
            rule("MYSQL_SSL_MODE", "MYSQL_SSL_MODE", oneOf("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA",
                    "VERIFY_IDENTITY")),
            rule("MONGODB_TLS", "MONGODB_TLS", EnvironmentValueRules::bool),
            rule("sync.api.auth", "SYNC_API_AUTH", oneOf("required", "none")),
            rule("sync.api.public-read", "SYNC_API_PUBLIC_READ", EnvironmentValueRules::bool),
            rule("sync.api.audit-retention-days", "SYNC_API_AUDIT_RETENTION_DAYS", range(1, 3650)),
            rule("sync.api.audit-max-entries", "SYNC_API_AUDIT_MAX_ENTRIES", range(100, 10_000_000)),
            rule("sync.api.audit-refused-per-minute", "SYNC_API_AUDIT_REFUSED_PER_MINUTE", range(0, 10_000)),
            rule("SYNC_METRICS_POLICY", "SYNC_METRICS_POLICY", oneOf("permit", "viewer")),
            rule("sync.soft-delete-columns", "SYNC_SOFT_DELETE_COLUMNS",
                    v -> v.trim().equalsIgnoreCase("none") ? null : identifierList(v)),
            rule("sync.alert-webhook-url", "SYNC_ALERT_WEBHOOK_URL", EnvironmentValueRules::httpUrl),
            rule("sync.events-webhook-url", "SYNC_EVENTS_WEBHOOK_URL", EnvironmentValueRules::httpUrl),
            rule("sync.events-queue-size", "SYNC_EVENTS_QUEUE_SIZE", range(1, 100_000)),
            rule("sync.events-max-attempts", "SYNC_EVENTS_MAX_ATTEMPTS", range(1, 20)),
            rule("sync.events-timeout-seconds", "SYNC_EVENTS_TIMEOUT_SECONDS", range(1, 60)),
            rule("sync.events-retry-delay-millis", "SYNC_EVENTS_RETRY_DELAY_MILLIS", range(0, 60_000)),
            rule("MYSQL_HOST", "MYSQL_HOST", v -> HOST.matcher(v).matches() ? null
                    : "must be a host name or IP address (letters, digits, '.', '-', ':', at most 255)"),
            rule("MYSQL_DATABASE", "MYSQL_DATABASE", v -> DATABASE.matcher(v).matches() ? null
                    : "must be a database name ([A-Za-z0-9_$-], at most 64)"),
            rule("MYSQL_CHARSET", "MYSQL_CHARSET", v -> CHARSET.matcher(v).matches() ? null
                    : "must be a MySQL character set name such as utf8mb4"),
            rule("MYSQL_COMPRESSION", "MYSQL_COMPRESSION", EnvironmentValueRules::bool),
            rule("MONGODB_URI", "MONGODB_URI", EnvironmentValueRules::mongoUri),
            rule("MONGODB_DATABASE", "MONGODB_DATABASE", v -> MONGO_DATABASE.matcher(v).matches() ? null
                    : "must be a MongoDB database name (at most 63 characters, none of / \\ . space \" $ * < > : | ?)"),
            rule("QUARKUS_HTTP_PORT", "QUARKUS_HTTP_PORT", range(0, 65_535)),
            rule("HTTP_PORT", "HTTP_PORT", range(0, 65_535)),
            rule("QUARKUS_LOG_CONSOLE_JSON", "QUARKUS_LOG_CONSOLE_JSON", EnvironmentValueRules::bool));

    /** Settings whose value is a secret: shown masked in messages. */
    private static final Map<String, Function<String, String>> SHOWN_AS = Map.of(
            "MONGODB_URI", EnvironmentValueRules::maskPassword);

    /** The same rules keyed by variable name, for lookups through {@code ${SYNC_...}} expressions. */
    private static final Map<String, Rule> BY_VARIABLE = RULES.values().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Rule::variable, r -> r, (a, b) -> a));

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        Rule rule = RULES.get(name);
        if (rule == null) {
            rule = BY_VARIABLE.get(name);
        }
        if (rule != null && !allChecked) {
            allChecked = true;
            for (Map.Entry<String, Rule> e : RULES.entrySet()) {
                verify(e.getValue(), context.proceed(e.getKey()));
                if (!e.getKey().equals(e.getValue().variable)) {
                    verify(e.getValue(), context.proceed(e.getValue().variable));
                }
            }
        }
        ConfigValue value = context.proceed(name);
        if (rule != null) {
            verify(rule, value);
        }
        return value;
    }

    private static void verify(Rule rule, ConfigValue value) {
        if (value == null || value.getValue() == null || value.getValue().isEmpty()) {
            return; // unset (an empty variable counts as unset: the default applies)
        }
        if (value.getValue().contains("${")) {
            return; // an expression of application.properties: the variables it names are checked as they are read
        }
        String problem = rule.check.apply(value.getValue().trim());
        if (problem != null) {
            throw new InvalidSettingException(rule.variable, shown(rule.variable, value.getValue()), problem);
        }
    }

    /** Validates one raw value of {@code variable}; returns null when valid, else what is wrong. */
    static String check(String variable, String raw) {
        Rule r = BY_VARIABLE.get(variable);
        return r == null ? null : r.check.apply(raw.trim());
    }

    /** The value as a message may show it: secrets masked. */
    static String shown(String variable, String raw) {
        Function<String, String> mask = SHOWN_AS.get(variable);
        return mask == null ? raw : mask.apply(raw);
    }

    /**
     * {@code raw} with the password of a URI's user information replaced by {@code ****}: everything from the first
     * ':' after the scheme to the last '@' (over-masking a malformed value rather than showing part of a password).
     */
    static String maskPassword(String raw) {
        int scheme = raw.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int at = raw.lastIndexOf('@');
        int colon = raw.indexOf(':', start);
        if (at < start || colon < 0 || colon > at) {
            return raw;
        }
        return raw.substring(0, colon + 1) + "****" + raw.substring(at);
    }

    private record Rule(String variable, Function<String, String> check) {
    }

    private static Map.Entry<String, Rule> rule(String key, String variable, Function<String, String> check) {
        return Map.entry(key, new Rule(variable, check));
    }

    private static Function<String, String> range(long min, long max) {
        return new Range(min, max);
    }

    /** A whole number from {@code min} to {@code max}; its bounds are read by {@link #ranges()}. */
    record Range(long min, long max) implements Function<String, String> {

        @Override
        public String apply(String v) {
            try {
                long n = Long.parseLong(v);
                return n >= min && n <= max ? null : "must be between " + min + " and " + max;
            } catch (NumberFormatException e) {
                return "must be a whole number between " + min + " and " + max;
            }
        }
    }

    /** The variables whose value is a whole number in a range, with the range (the configuration reference test). */
    static Map<String, Range> ranges() {
        return BY_VARIABLE.values().stream().filter(r -> r.check instanceof Range)
                .collect(java.util.stream.Collectors.toMap(Rule::variable, r -> (Range) r.check));
    }

    /** The variables checked here, as operators set them (the configuration reference test). */
    static java.util.Set<String> variables() {
        return BY_VARIABLE.keySet();
    }

    private static Function<String, String> oneOf(java.util.List<String> allowed) {
        return oneOf(allowed.toArray(String[]::new));
    }

    private static Function<String, String> oneOf(String... allowed) {
        return v -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return null;
                }
            }
            return "must be one of " + String.join(", ", allowed);
        };
    }

    private static String bool(String v) {
        String l = v.toLowerCase(Locale.ROOT);
        return l.equals("true") || l.equals("false") ? null : "must be true or false";
    }

    private static String identifier(String v) {
        return IDENTIFIER.matcher(v).matches() ? null : "must be a table or column name ([A-Za-z0-9_$], at most 64)";
    }

    private static String identifierList(String v) {
        if (v.isBlank()) {
            return "must name at least one table or column";
        }
        for (String part : v.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                return "has an empty name (a leading, trailing or doubled comma)";
            }
            if (!IDENTIFIER.matcher(p).matches()) {
                return "'" + p + "' is not a valid table or column name";
            }
        }
        return null;
    }

    private static String mongoUri(String v) {
        if (!v.startsWith("mongodb://") && !v.startsWith("mongodb+srv://")) {
            return "must be a MongoDB connection string starting with mongodb:// or mongodb+srv://";
        }
        try {
            if (v.startsWith("mongodb+srv://")) {
                // Parsed as mongodb:// here: the driver looks up the TXT record of an SRV name while parsing.
                com.mongodb.ConnectionString parsed = new com.mongodb.ConnectionString(
                        "mongodb://" + v.substring("mongodb+srv://".length()));
                if (parsed.getHosts().size() != 1 || parsed.getHosts().get(0).contains(":")) {
                    return "is not a valid MongoDB connection string (mongodb+srv:// takes one host name without a"
                            + " port)";
                }
            } else {
                new com.mongodb.ConnectionString(v);
            }
            return null;
        } catch (RuntimeException e) {
            String why = String.valueOf(e.getMessage());
            String password = password(v);
            if (password != null && !password.isEmpty()) {
                why = why.replace(password, "****");
            }
            return "is not a valid MongoDB connection string (" + why + ")";
        }
    }

    /** The raw password part of a URI's user information, or null. */
    private static String password(String uri) {
        int start = uri.indexOf("://") + 3;
        int at = uri.lastIndexOf('@');
        int colon = uri.indexOf(':', start);
        return at > colon && colon >= start ? uri.substring(colon + 1, at) : null;
    }

    private static String httpUrl(String v) {
        try {
            java.net.URI uri = new java.net.URI(v);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return null;
            }
        } catch (java.net.URISyntaxException e) {
            // falls through to the message
        }
        return "must be an http:// or https:// URL";
    }

    private static String zone(String v) {
        try {
            java.time.ZoneId.of(v);
            return null;
        } catch (java.time.DateTimeException e) {
            return "must be a zone offset such as +00:00 or a region such as Europe/Berlin";
        }
    }
}
