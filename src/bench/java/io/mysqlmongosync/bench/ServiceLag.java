package io.mysqlmongosync.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own view of the binlog lag: {@code sync_cdc_lag_seconds} (a histogram per table of commit →
 * MongoDB acknowledgement, recorded per transaction) scraped from /q/metrics before and after a step, so the
 * difference covers that step only. Percentiles come out as bucket upper bounds; the commit time the service has
 * is the binlog event's, which is in whole seconds, so its figures run up to a second above the probe's.
 */
final class ServiceLag {

    private static final Pattern LINE = Pattern.compile(
            "^sync_cdc_lag_seconds_(bucket|count|sum)\\{([^}]*)\\} ([0-9.eE+-]+)$");
    private static final Pattern LE = Pattern.compile("(?:^|,)le=\"([^\"]+)\"");

    private ServiceLag() {
    }

    /** {@code {"le:<bound>": cumulative count, "count": n, "sum": s}} of the products table; empty when absent. */
    static Map<String, double[]> scrape(AppProcess svc) throws Exception {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String line : svc.get("/q/metrics").body().split("\n")) {
            Matcher x = LINE.matcher(line.trim());
            if (!x.matches() || !x.group(2).contains("table=\"products\"")) {
                continue;
            }
            Matcher le = LE.matcher(x.group(2));
            String key = x.group(1).equals("bucket") ? (le.find() ? "le:" + le.group(1) : null) : x.group(1);
            if (key != null) {
                m.put(key, new double[] {Double.parseDouble(x.group(3))});
            }
        }
        return m;
    }

    /** Transactions, mean, p50 and p99 (bucket bounds, seconds) recorded between the two scrapes. */
    static Map<String, Object> between(Map<String, double[]> before, Map<String, double[]> after) {
        Map<String, Object> r = new LinkedHashMap<>();
        double n = delta(before, after, "count");
        r.put("transactions", Math.round(n));
        if (n <= 0) {
            return r;
        }
        r.put("mean_s", Math.round(delta(before, after, "sum") / n * 1000) / 1000.0);
        TreeMap<Double, Double> buckets = new TreeMap<>();
        after.keySet().stream().filter(k -> k.startsWith("le:")).forEach(k -> buckets.put(
                k.endsWith("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(k.substring(3)),
                delta(before, after, k)));
        r.put("p50_s_at_most", bound(buckets, n * 0.50));
        r.put("p99_s_at_most", bound(buckets, n * 0.99));
        return r;
    }

    private static Object bound(TreeMap<Double, Double> buckets, double rank) {
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (b.getValue() >= rank) {
                return b.getKey().isInfinite() ? "+Inf" : b.getKey();
            }
        }
        return "-";
    }

    private static double delta(Map<String, double[]> before, Map<String, double[]> after, String key) {
        double a = after.containsKey(key) ? after.get(key)[0] : 0;
        double b = before.containsKey(key) ? before.get(key)[0] : 0;
        return a - b;
    }
}
