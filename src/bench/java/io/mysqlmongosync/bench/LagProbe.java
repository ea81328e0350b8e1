package io.mysqlmongosync.bench;

import com.mongodb.client.MongoCollection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bson.Document;

/**
 * Measures the end-to-end lag of binlog capture from outside: renames product 0 (a row only the probe touches, in
 * the same table and stream as the writer's changes, so it queues behind them), notes the time its commit
 * returned, then reads MongoDB every {@code pollMs} until the document carries the new name. One probe at a time,
 * one every {@code everyMs} at most. The lag is commit → document visible in MongoDB (after the service's write
 * was acknowledged), with a resolution of {@code pollMs}.
 */
final class LagProbe implements AutoCloseable {

    /** One probe: when it committed (seconds from the probe's start) and its lag in milliseconds. */
    record Sample(double at, double lagMs) {
    }

    private final Connection connection;
    private final PreparedStatement rename;
    private final MongoCollection<Document> products;
    private final int pollMs;
    private final long timeoutMs;
    private long n;

    LagProbe(MongoCollection<Document> products, int pollMs, long timeoutMs) throws Exception {
        this.connection = SourceDb.connect(SourceDb.DATABASE);
        this.rename = connection.prepareStatement("UPDATE products SET name = ? WHERE id = 0");
        this.products = products;
        this.pollMs = pollMs;
        this.timeoutMs = timeoutMs;
    }

    /** Adds product 0, which only the probe changes (before the service loads the table). */
    static void createProbeRow(Connection c) throws Exception {
        try (var s = c.createStatement()) {
            s.execute("INSERT INTO products (id, sku, name, price) VALUES (0, 'PROBE', 'probe', 1.00)");
        }
    }

    /** One probe: the lag in milliseconds, or -1 when the change was not seen within the timeout. */
    double once() throws Exception {
        String name = "probe " + (++n) + " " + System.nanoTime();
        rename.setString(1, name);
        rename.executeUpdate();
        long committed = System.nanoTime();
        Document query = new Document("_id", 0L).append("name", name);
        while (products.find(query).first() == null) {
            if ((System.nanoTime() - committed) / 1_000_000 > timeoutMs) {
                return -1;
            }
            Thread.sleep(pollMs);
        }
        return (System.nanoTime() - committed) / 1e6;
    }

    /** Probes until {@code stop} (nanoTime) every {@code everyMs} at most; a lost probe counts as the timeout. */
    List<Sample> until(long stop, int everyMs) throws Exception {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() < stop) {
            long t = System.nanoTime();
            double lag = once();
            samples.add(new Sample((t - start) / 1e9, lag < 0 ? timeoutMs : lag));
            long rest = everyMs - (System.nanoTime() - t) / 1_000_000;
            if (rest > 0) {
                Thread.sleep(rest);
            }
        }
        return samples;
    }

    /** The {@code p}-th percentile (0..100, nearest rank) of the samples' lags, in ms. */
    static double percentile(List<Sample> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        List<Double> lags = new ArrayList<>();
        samples.forEach(s -> lags.add(s.lagMs()));
        Collections.sort(lags);
        int rank = (int) Math.ceil(p / 100 * lags.size());
        return lags.get(Math.max(0, Math.min(lags.size() - 1, rank - 1)));
    }

    /** The samples taken from {@code from} to {@code to} seconds. */
    static List<Sample> between(List<Sample> samples, double from, double to) {
        return samples.stream().filter(s -> s.at() >= from && s.at() < to).toList();
    }

    @Override
    public void close() throws Exception {
        rename.close();
        connection.close();
    }
}
