package io.mysqlmongosync.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks the operator-facing settings as they are read, so that a bad value stops start-up with a
 * message naming the environment variable and the value (e.g. {@code SYNC_BATCH_SIZE='0'}) rather
 * than an internal property name. Registered through {@code META-INF/services}.
 */
public class EnvironmentValueRules implements ConfigSourceInterceptor {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");
    private static final Pattern DURATION = Pattern.compile("[1-9][0-9]*(ms|s|m|h)");

    /** Property or variable name as looked up → (variable name shown to the operator, rule). */
    private static final Map<String, Rule> RULES = Map.ofEntries(
            rule("sync.interval-minutes", "SYNC_INTERVAL_MINUTES", range(1, 1440)),
            rule("sync.batch-size", "SYNC_BATCH_SIZE", range(1, 100_000)),
            rule("sync.max-retries", "SYNC_MAX_RETRIES", range(0, 100)),
            rule("sync.retry-delay", "SYNC_RETRY_DELAY", range(0, 3600)),
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
            rule("sync.created-column", "SYNC_CREATED_COLUMN", EnvironmentValueRules::identifier),
            rule("sync.date-mode", "SYNC_DATE_MODE", oneOf("date", "string")),
            rule("sync.null-mode", "SYNC_NULL_MODE", oneOf("null", "omit")),
            rule("sync.source-time-zone", "SYNC_SOURCE_TIME_ZONE", EnvironmentValueRules::zone),
            rule("sync.tick", "SYNC_TICK", v -> DURATION.matcher(v).matches() ? null
                    : "must be a duration such as 10s, 500ms, 1m"),
            rule("sync.soft-delete-mode", "SYNC_SOFT_DELETE_MODE", oneOf("remove", "mark")),
            rule("sync.reconcile-every-runs", "SYNC_RECONCILE_EVERY_RUNS", range(0, 100_000)),
            rule("sync.conflict-policy", "SYNC_CONFLICT_POLICY", oneOf("newer-wins", "source-wins", "target-wins")),
            rule("sync.conflict-field", "SYNC_CONFLICT_FIELD", EnvironmentValueRules::identifier),
            rule("sync.backfill-added-columns", "SYNC_BACKFILL_ADDED_COLUMNS", EnvironmentValueRules::bool),
            rule("sync.parallel-tables", "SYNC_PARALLEL_TABLES", range(1, 64)),
            rule("sync.load-partitions", "SYNC_LOAD_PARTITIONS", range(1, 64)),
            rule("sync.load-partition-min-rows", "SYNC_LOAD_PARTITION_MIN_ROWS", range(0, 1_000_000_000_000L)),
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
            rule("SYNC_METRICS_POLICY", "SYNC_METRICS_POLICY", oneOf("permit", "viewer")));

    /** The same rules keyed by variable name, for lookups through {@code ${SYNC_...}} expressions. */
    private static final Map<String, Rule> BY_VARIABLE = RULES.values().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Rule::variable, r -> r, (a, b) -> a));

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        Rule rule = RULES.get(name);
        if (rule == null) {
            rule = BY_VARIABLE.get(name);
        }
        if (rule != null && value != null && value.getValue() != null) {
            String problem = rule.check.apply(value.getValue().trim());
            if (problem != null) {
                throw new InvalidSettingException(rule.variable, value.getValue(), problem);
            }
        }
        return value;
    }

    /** Validates one raw value of {@code variable}; returns null when valid, else what is wrong. */
    static String check(String variable, String raw) {
        Rule r = BY_VARIABLE.get(variable);
        return r == null ? null : r.check.apply(raw.trim());
    }

    private record Rule(String variable, Function<String, String> check) {
    }

    private static Map.Entry<String, Rule> rule(String key, String variable, Function<String, String> check) {
        return Map.entry(key, new Rule(variable, check));
    }

    private static Function<String, String> range(long min, long max) {
        return v -> {
            try {
                long n = Long.parseLong(v);
                return n >= min && n <= max ? null : "must be between " + min + " and " + max;
            } catch (NumberFormatException e) {
                return "must be a whole number between " + min + " and " + max;
            }
        };
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
        for (String part : v.split(",")) {
            String p = part.trim();
            if (!IDENTIFIER.matcher(p).matches()) {
                return "'" + p + "' is not a valid table or column name";
            }
        }
        return null;
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
