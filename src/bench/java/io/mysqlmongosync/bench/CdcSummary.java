package io.mysqlmongosync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The CDC benchmark's figures per step, its verdict on each step, and the summary table. */
final class CdcSummary {

    private CdcSummary() {
    }

    /** Puts the probe's figures into {@code step}: p50/p99/max, first and last quarter's medians, drain. */
    static void lagFigures(Map<String, Object> step, List<LagProbe.Sample> samples, int seconds, double drainMs) {
        step.put("probes", samples.size());
        step.put("lag_p50_ms", Math.round(LagProbe.percentile(samples, 50)));
        step.put("lag_p99_ms", Math.round(LagProbe.percentile(samples, 99)));
        step.put("lag_max_ms", Math.round(LagProbe.percentile(samples, 100)));
        step.put("lag_first_quarter_p50_ms", quarter(samples, 0, seconds / 4.0));
        // No probe started in the last quarter: the one before it took that long, so the lag grew past a quarter
        long last = quarter(samples, seconds * 0.75, seconds);
        step.put("lag_last_quarter_p50_ms", last >= 0 ? last : Math.round(seconds * 250.0));
        step.put("drain_ms", Math.round(drainMs));
        if (drainMs < 0) { // not seen within the probe's timeout
            step.put("drain_ms", Long.valueOf(CdcBench.PROBE_TIMEOUT_MS));
            step.put("drain_timed_out", true);
        }
    }

    private static long quarter(List<LagProbe.Sample> samples, double from, double to) {
        List<LagProbe.Sample> q = LagProbe.between(samples, from, to);
        return q.isEmpty() ? -1 : Math.round(LagProbe.percentile(q, 50));
    }

    /**
     * Whether the step was sustained: the writers reached 95% of the rate, the lag did not grow (the last
     * quarter's median at most twice the first quarter's plus 250 ms), the backlog drained within 2 s of the
     * writers stopping, and documents equal rows afterwards.
     */
    static void judge(Map<String, Object> step, int rate) {
        List<String> why = new ArrayList<>();
        if (((Number) step.get("achieved_rate")).doubleValue() < rate * 0.95) {
            why.add("source reached only " + step.get("achieved_rate") + "/s");
        }
        long first = ((Number) step.get("lag_first_quarter_p50_ms")).longValue();
        long last = ((Number) step.get("lag_last_quarter_p50_ms")).longValue();
        if (last > 2 * first + 250) {
            why.add("lag grew (median " + first + " → " + last + " ms)");
        }
        if (((Number) step.get("drain_ms")).longValue() > 2000) {
            why.add("backlog took " + step.get("drain_ms") + " ms to drain");
        }
        if (!step.get("rows_in_source").equals(step.get("documents_in_target"))) {
            why.add(step.get("documents_in_target") + " documents for " + step.get("rows_in_source") + " rows");
        }
        step.put("sustained", why.isEmpty());
        step.put("not_sustained_because", String.join("; ", why));
        step.put("p99_under_1s", ((Number) step.get("lag_p99_ms")).longValue() < 1000);
    }

    /** One log line per step. */
    static String line(Map<String, Object> s) {
        return String.format(Locale.ROOT, "target %s/s achieved %s/s: lag p50 %s ms p99 %s ms max %s ms (first/last"
                + " quarter median %s/%s ms), drain %s ms, rows %s docs %s, service metric %s, CPU %s, load %s: %s",
                s.get("target_rate"), s.get("achieved_rate"), s.get("lag_p50_ms"), s.get("lag_p99_ms"),
                s.get("lag_max_ms"), s.get("lag_first_quarter_p50_ms"), s.get("lag_last_quarter_p50_ms"),
                s.get("drain_ms"), s.get("rows_in_source"), s.get("documents_in_target"), s.get("service_metric"),
                s.get("cpu_seconds"), s.get("load_average_before_after"),
                Boolean.TRUE.equals(s.get("sustained")) ? "sustained" : "NOT sustained: " + s.get("not_sustained_because"));
    }

    /** The summary table and the highest rate sustained. */
    static String text(List<Map<String, Object>> steps) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s %-9s %-8s %-8s %-8s %-15s %-8s %-13s %-22s %s%n",
                "target/s", "achieved", "p50 ms", "p99 ms", "max ms", "1st/4th q. p50", "drain", "rows = docs",
                "CPU s svc/mongo/maria", "verdict"));
        Object best = "none";
        for (Map<String, Object> s : steps) {
            Map<?, ?> cpu = (Map<?, ?>) s.get("cpu_seconds");
            b.append(String.format(Locale.ROOT, "%-8s %-9s %-8s %-8s %-8s %-15s %-8s %-13s %-22s %s%n",
                    s.get("target_rate"), s.get("achieved_rate"), s.get("lag_p50_ms"), s.get("lag_p99_ms"),
                    s.get("lag_max_ms"), s.get("lag_first_quarter_p50_ms") + "/" + s.get("lag_last_quarter_p50_ms"),
                    s.get("drain_ms"), s.get("rows_in_source") + (s.get("rows_in_source")
                            .equals(s.get("documents_in_target")) ? " =" : " ≠ " + s.get("documents_in_target")),
                    cpu.get("service") + "/" + cpu.get("mongo_server") + "/" + cpu.get("mariadb"),
                    Boolean.TRUE.equals(s.get("sustained")) ? "sustained" : s.get("not_sustained_because")));
            if (Boolean.TRUE.equals(s.get("sustained"))) {
                best = s.get("target_rate");
            }
        }
        b.append("Highest rate sustained without growing lag: ").append(best).append(" changes/s\n");
        steps.stream().map(s -> s.get("binlog_readers")).filter(java.util.Objects::nonNull).max(
                java.util.Comparator.comparingLong(r -> ((Number) r).longValue())).ifPresent(r -> b.append(
                        "Binlog readers (dump threads) on the source after each step: at most ").append(r).append('\n'));
        return b.toString();
    }
}
