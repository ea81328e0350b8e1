package io.mysqlmongosync.demo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.bson.Document;

/**
 * A tiny command-line client for a running demo, so that demo/smoke-test.sh needs neither the {@code mysql} nor
 * the {@code mongosh} client. Run it with the demo's classpath:
 * <pre>
 * java -cp 'target/demo/classes:target/demo/quarkus-app/lib/main/*' io.mysqlmongosync.demo.DemoClient \
 *     sql "UPDATE products SET price = 9.99 WHERE id = 1"
 * java -cp ... io.mysqlmongosync.demo.DemoClient mongo products '{"_id": 1}'
 * java -cp ... io.mysqlmongosync.demo.DemoClient count products
 * java -cp ... io.mysqlmongosync.demo.DemoClient change "UPDATE products SET name = 'x' WHERE id = 1" \
 *     products '{"_id": 1, "name": "x"}'
 * </pre>
 * It honours the same DEMO_MYSQL_PORT, DEMO_MONGO_PORT and MONGODB_DATABASE as the demo.
 */
public final class DemoClient {

    private DemoClient() {
    }

    /**
     * {@code sql <statement>} prints result rows tab-separated (or the update count); {@code mongo <collection>
     * <filter>} prints up to 20 matching documents as JSON, one a line; {@code count <collection>} prints the
     * number of documents in a collection; {@code change <statement> <collection> <filter> [present|absent]} runs
     * the statement and then watches MongoDB until a document matching the filter is there (or, with
     * {@code absent}, is gone), printing how long that took after the commit (exit 1 when not within
     * {@code DEMO_CHANGE_TIMEOUT_MS}, default 5000).
     */
    public static void main(String[] args) throws SQLException {
        // The demo's class path has JBoss LogManager's SLF4J provider, which works only under that log manager (in
        // lib/boot, not on this class path): without a provider named here, SLF4J prints a screen of warnings. This
        // client logs nothing; its output is the answer alone.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        if (args.length == 2 && args[0].equals("sql")) {
            sql(DemoSettings.load(), args[1]);
        } else if (args.length == 3 && args[0].equals("mongo")) {
            mongo(DemoSettings.load(), args[1], args[2]);
        } else if (args.length == 2 && args[0].equals("count")) {
            mongo(DemoSettings.load(), args[1], null);
        } else if ((args.length == 4 || args.length == 5) && args[0].equals("change")) {
            boolean absent = args.length == 5 && args[4].equals("absent");
            System.exit(change(DemoSettings.load(), args[1], args[2], args[3], absent) ? 0 : 1);
        } else {
            System.err.println("usage: DemoClient sql <statement> | mongo <collection> <filter-json> | count <collection>"
                    + " | change <statement> <collection> <filter-json> [present|absent]");
            System.exit(2);
        }
    }

    private static void sql(DemoSettings settings, String statement) throws SQLException {
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            if (!s.execute(statement)) {
                System.out.println(s.getUpdateCount());
                return;
            }
            try (ResultSet r = s.getResultSet()) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? "\t" : "").append(r.getString(i));
                    }
                    System.out.println(row);
                }
            }
        }
    }

    /** Prints the documents matching {@code filter}, or the collection's size when {@code filter} is null. */
    private static void mongo(DemoSettings settings, String collection, String filter) {
        String uri = DemoSettings.get("MONGODB_URI", settings.mongoUri());
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> coll = client.getDatabase(DemoSettings.get("MONGODB_DATABASE", "ecommerce"))
                    .getCollection(collection);
            if (filter == null) {
                System.out.println(coll.countDocuments());
            } else {
                coll.find(Document.parse(filter)).limit(20).forEach(d -> System.out.println(d.toJson()));
            }
        }
    }

    /**
     * Runs {@code statement} (autocommit: committed when it returns), then reads MongoDB every 10 ms until a
     * document matches {@code filter} (or none does, when {@code absent}); prints the rows changed and the time
     * from the commit to that read. The MongoDB connection is opened first, so its set-up is not counted.
     */
    private static boolean change(DemoSettings settings, String statement, String collection, String filter,
            boolean absent) throws SQLException {
        long timeoutMs = Long.parseLong(DemoSettings.get("DEMO_CHANGE_TIMEOUT_MS", "5000"));
        String uri = DemoSettings.get("MONGODB_URI", settings.mongoUri());
        try (MongoClient client = MongoClients.create(uri); Connection c = settings.connect();
                Statement s = c.createStatement()) {
            MongoCollection<Document> coll = client.getDatabase(DemoSettings.get("MONGODB_DATABASE", "ecommerce"))
                    .getCollection(collection);
            Document query = Document.parse(filter);
            coll.countDocuments(); // connected before the clock starts
            int rows = s.executeUpdate(statement);
            long committed = System.nanoTime();
            long waited;
            boolean seen;
            do {
                seen = (coll.find(query).first() == null) == absent;
                waited = (System.nanoTime() - committed) / 1_000_000;
                if (!seen && waited < timeoutMs) {
                    sleep(10);
                }
            } while (!seen && waited < timeoutMs);
            String what = absent ? "gone from MongoDB" : "in MongoDB";
            System.out.println(rows + (rows == 1 ? " row" : " rows") + " changed; " + (seen
                    ? what + " after " + waited + " ms" : "NOT " + what + " after " + waited + " ms"));
            return seen;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
