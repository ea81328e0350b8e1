package io.mysqlmongosync.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the sync thread spends its time, from a JFR recording of the service (settings=profile): Java
 * execution samples (every 10 ms) plus native samples (every 20 ms, so weighted x2; these are the waits in
 * socket reads for MariaDB or MongoDB). Reports self time by method, inclusive time by method, and a split
 * of wall time into waiting on MariaDB, waiting on MongoDB and CPU work.
 */
final class JfrSummary {

    private JfrSummary() {
    }

    static Map<String, Object> summarize(Path jfr, String threadName) throws IOException {
        Map<String, Double> self = new HashMap<>();
        Map<String, Double> inclusive = new HashMap<>();
        Map<String, Double> split = new LinkedHashMap<>();
        Map<String, Double> ours = new HashMap<>();
        Map<String, Double> attributed = new HashMap<>();
        Map<String, Double> pageCosts = new HashMap<>();
        Map<String, Double> threads = new HashMap<>();
        double total = 0;
        long javaSamples = 0;
        long nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            boolean nativeSample = type.equals("jdk.NativeMethodSample");
            if (!nativeSample && !type.equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = e.getThread("sampledThread");
            if (thread == null || thread.getJavaName() == null || !thread.getJavaName().startsWith(threadName)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            double w = nativeSample ? 2.0 : 1.0;
            if (nativeSample) {
                nativeSamples++;
            } else {
                javaSamples++;
            }
            total += w;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), w, Double::sum);
            Set<String> seen = new HashSet<>();
            boolean mongo = false;
            boolean mysql = false;
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, w, Double::sum);
                }
                String cls = f.getMethod().getType().getName();
                mongo |= cls.startsWith("com.mongodb");
                mysql |= cls.startsWith("com.mysql");
            }
            // the innermost frame of our own code and the library call it is in: "who waits on what"
            for (int i = 0; i < frames.size(); i++) {
                String cls = frames.get(i).getMethod().getType().getName();
                if (cls.startsWith("io.mysqlmongosync.") && !cls.contains("_Subclass") && !cls.contains("$$")) {
                    String callee = i == 0 ? "(self)" : name(frames.get(i - 1));
                    attributed.merge(shortName(frames.get(i)) + " -> " + callee, w, Double::sum);
                    break;
                }
            }
            String perPage = perPageCost(frames);
            if (perPage != null) {
                pageCosts.merge(perPage, w, Double::sum);
            }
            String tn = thread.getJavaName();
            threads.merge(tn.contains("/range") ? "load ranges" : tn.contains("read-ahead") ? "read-ahead"
                    : tn.contains("/table") ? "table workers" : "run thread", w, Double::sum);
            Set<String> ourSeen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String cls = f.getMethod().getType().getName();
                if (cls.startsWith("io.mysqlmongosync.") && !cls.contains("_Subclass") && !cls.contains("$$")
                        && ourSeen.add(shortName(f))) {
                    ours.merge(shortName(f), w, Double::sum);
                }
            }
            String bucket;
            if (nativeSample) {
                bucket = mongo ? "waiting on MongoDB (socket)" : mysql ? "waiting on MariaDB (socket)" : "native, other";
            } else {
                bucket = mongo ? "CPU in MongoDB driver (encode/decode)" : mysql ? "CPU in MariaDB driver (parse rows)"
                        : "CPU, other (conversion, hashing, our code)";
            }
            split.merge(bucket, w, Double::sum);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", threadName + "*");
        r.put("samples_by_thread_percent", percent(threads, total, 10));
        r.put("per_page_costs_percent", percent(pageCosts, total, 10));
        r.put("java_samples", javaSamples);
        r.put("native_samples", nativeSamples);
        final double t = total;
        r.put("wall_split_percent", percent(split, t, 10));
        r.put("top_self_percent", percent(self, t, 20));
        r.put("our_methods_inclusive_percent", percent(ours, t, 25));
        r.put("innermost_own_frame_and_callee_percent", percent(attributed, t, 25));
        r.put("library_entry_points_inclusive_percent", percent(inclusive.entrySet().stream()
                .filter(x -> ENTRY_POINTS.stream().anyMatch(x.getKey()::startsWith))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), t, 25));
        return r;
    }

    /** The per-page (not per-row) cost a sample is in, or null: what a short load pays per page. */
    private static String perPageCost(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String n = name(f);
            if (n.startsWith("io.mysqlmongosync.sink.CheckpointStore.")) {
                return "checkpoint writes";
            }
            if (n.startsWith("io.mysqlmongosync.sink.LeaseStore.")) {
                return "lease renewal";
            }
            if (n.startsWith("com.mysql.cj.jdbc.ConnectionImpl.prepareStatement")
                    || n.startsWith("com.mysql.cj.jdbc.ClientPreparedStatement.close")) {
                return "statement preparation";
            }
            if (n.startsWith("io.agroal.pool.DataSource.getConnection") || n.startsWith("io.agroal.pool.ConnectionHandler")
                    || n.startsWith("io.agroal.pool.ConnectionPool.returnConnection")) {
                return "connection pool";
            }
            if (n.startsWith("java.util.concurrent.FutureTask.get") || n.startsWith("io.mysqlmongosync.engine.PageStream.await")) {
                return "waiting for the read-ahead page";
            }
            if (n.startsWith("io.mysqlmongosync.metrics.") || n.startsWith("io.mysqlmongosync.engine.TableProgress.")) {
                return "metrics and progress";
            }
            if (n.startsWith("com.mongodb.client.internal.MongoCollectionImpl.estimatedDocumentCount")
                    || n.startsWith("io.mysqlmongosync.source.KeysetPageReader.keyRange")) {
                return "pre-reads (count, key range)";
            }
        }
        return null;
    }

    private static Map<String, Double> percent(Map<String, Double> m, double total, int limit) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(x -> out.put(x.getKey(), Math.round(x.getValue() * 1000 / Math.max(1, total)) / 10.0));
        return out;
    }

    private static final List<String> ENTRY_POINTS = List.of("com.mysql.cj.jdbc.ClientPreparedStatement.executeQuery",
            "com.mysql.cj.jdbc.result.ResultSetImpl.next", "com.mysql.cj.jdbc.result.ResultSetImpl.get",
            "com.mysql.cj.jdbc.ConnectionImpl.prepareStatement", "io.agroal.pool.DataSource.getConnection",
            "io.agroal.pool.ConnectionHandler.transactionEnd", "io.agroal.pool.ConnectionPool.returnConnection",
            "com.mongodb.client.internal.MongoCollectionImpl.", "com.mongodb.client.internal.MongoIterableImpl.",
            "org.bson.Document.parse", "org.bson.codecs.DocumentCodec.encode", "java.security.MessageDigest.",
            "org.jboss.logging.", "io.micrometer.");

    private static String shortName(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
