package io.mysqlmongosync.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The many-table mode of the CDC benchmark ({@code BENCH_CDC_TABLES=n}): n small tables {@code cdc_t01}… next to
 * products, all streamed, and a writer that spreads each step's changes over them (each change of a transaction on a
 * random table: half updates, a quarter inserts, a quarter deletes of the table's oldest row), so one binlog stream
 * carries every table's changes while the probe on products measures the lag behind all of them.
 */
final class ManyTables {

    private final List<String> names = new ArrayList<>();
    private final List<AtomicLong> low = new ArrayList<>();
    private final List<AtomicLong> high = new ArrayList<>();
    private final int threads;
    private final int txChanges;

    private ManyTables(int threads, int txChanges) {
        this.threads = threads;
        this.txChanges = txChanges;
    }

    /** Creates {@code n} tables of {@code rows} rows each in mms_bench. */
    static ManyTables create(int n, int rows, int threads, int txChanges) throws SQLException {
        ManyTables t = new ManyTables(threads, txChanges);
        try (Connection c = SourceDb.connect(SourceDb.DATABASE); Statement s = c.createStatement()) {
            for (int i = 1; i <= n; i++) {
                String name = String.format("cdc_t%02d", i);
                s.execute("CREATE TABLE " + name + " (id BIGINT PRIMARY KEY, v INT NOT NULL, note VARCHAR(64) NOT NULL,"
                        + " updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))");
                StringBuilder insert = new StringBuilder("INSERT INTO " + name + " (id, v, note) VALUES ");
                for (int k = 1; k <= rows; k++) {
                    insert.append(k == 1 ? "" : ",").append('(').append(k).append(',').append(k).append(",'row ")
                            .append(k).append("')");
                }
                s.execute(insert.toString());
                t.names.add(name);
                t.low.add(new AtomicLong(0));
                t.high.add(new AtomicLong(rows));
            }
        }
        return t;
    }

    List<String> names() {
        return names;
    }

    /** Rows in all of these tables now. */
    long rows() throws SQLException {
        long sum = 0;
        try (Connection c = SourceDb.connect(SourceDb.DATABASE); Statement s = c.createStatement()) {
            for (String name : names) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + name)) {
                    rs.next();
                    sum += rs.getLong(1);
                }
            }
        }
        return sum;
    }

    /** Writes {@code rate} changes per second for {@code seconds} over every table; returns what was written. */
    ChangeWriter.Result run(int rate, int seconds) throws Exception {
        return ChangeWriter.schedule(threads, txChanges, rate, seconds, this::transaction);
    }

    private int[] transaction(Connection c, long k) throws SQLException {
        int[] done = new int[3];
        for (int i = 0; i < txChanges; i++) {
            int t = ThreadLocalRandom.current().nextInt(names.size());
            String table = names.get(t);
            switch ((int) ((k * txChanges + i) % 4)) {
                case 1 -> {
                    long id = high.get(t).incrementAndGet();
                    exec(c, "INSERT INTO " + table + " (id, v, note) VALUES (?, ?, 'inserted')", id, k);
                    done[0]++;
                }
                case 3 -> {
                    exec(c, "DELETE FROM " + table + " WHERE id = ?", low.get(t).incrementAndGet());
                    done[2]++;
                }
                default -> {
                    long lo = low.get(t).get() + 1;
                    long id = lo + ThreadLocalRandom.current().nextLong(Math.max(1, high.get(t).get() - lo));
                    exec(c, "UPDATE " + table + " SET v = v + 1, note = 'updated' WHERE id = ?", id);
                    done[1]++;
                }
            }
        }
        return done;
    }

    private static void exec(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
