package io.mysqlmongosync.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Baselines without the service: how fast the source can be read and the target written on this machine,
 * with the same query and the same document shape the service uses.
 */
final class RawBenchmarks {

    static final int BATCH = 1000;
    private static final int BUILD_CHUNK = 50_000;

    private RawBenchmarks() {
    }

    /** Untimed warm-up of both JVMs' JIT and the buffer pool: reads and writes like the measurements, briefly. */
    static void warmUp(String columns, MongoDatabase db) throws SQLException {
        try (Connection c = SourceDb.connect(SourceDb.DATABASE);
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            try (ResultSet rs = s.executeQuery("SELECT " + columns + " FROM `products` LIMIT 50000")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        rs.getObject(i);
                    }
                }
            }
        }
        MongoCollection<Document> coll = db.getCollection("raw_warmup");
        coll.drop();
        List<Document> docs = build(1, 20_000);
        for (int i = 0; i < docs.size(); i += BATCH) {
            coll.insertMany(docs.subList(i, i + BATCH), new InsertManyOptions().ordered(false));
        }
        coll.drop();
    }

    /** One SELECT of every products column, streamed (fetch size MIN_VALUE), rs.getObject per column. */
    static Map<String, Object> streamingRead(String columns) throws SQLException {
        try (Connection c = SourceDb.connect(SourceDb.DATABASE);
                Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(Integer.MIN_VALUE);
            long start = System.nanoTime();
            long rows = 0;
            long sink = 0;
            try (ResultSet rs = s.executeQuery("SELECT " + columns + " FROM `products`")) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        sink += v == null ? 0 : 1;
                    }
                    rows++;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return result(rows, secs, "rows", "non-null values read: " + sink);
        }
    }

    /**
     * The service's initial-load query shape without conversion or writing: keyset pages of 1000 over the
     * primary key, each a fresh streamed statement ({@code WHERE ((id > ?)) ORDER BY id LIMIT ?}).
     */
    static Map<String, Object> keysetRead(String columns) throws SQLException {
        String first = "SELECT " + columns + " FROM `products` ORDER BY `id` LIMIT ?";
        String next = "SELECT " + columns + " FROM `products` WHERE ((`id` > ?)) ORDER BY `id` LIMIT ?";
        try (Connection c = SourceDb.connect(SourceDb.DATABASE)) {
            long start = System.nanoTime();
            long rows = 0;
            long last = -1;
            while (true) {
                int page = 0;
                try (PreparedStatement ps = c.prepareStatement(last < 0 ? first : next, ResultSet.TYPE_FORWARD_ONLY,
                        ResultSet.CONCUR_READ_ONLY)) {
                    ps.setFetchSize(Integer.MIN_VALUE);
                    int p = 1;
                    if (last >= 0) {
                        ps.setLong(p++, last);
                    }
                    ps.setInt(p, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        int n = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            last = rs.getLong(1);
                            for (int i = 2; i <= n; i++) {
                                rs.getObject(i);
                            }
                            page++;
                        }
                    }
                }
                rows += page;
                if (page < BATCH) {
                    break;
                }
            }
            return result(rows, (System.nanoTime() - start) / 1e9, "rows", "pages of " + BATCH);
        }
    }

    /** insertMany (unordered, batches of 1000) of pre-built documents shaped like the service's. */
    static Map<String, Object> insertMany(MongoDatabase db, long n) {
        MongoCollection<Document> coll = db.getCollection("raw_insert");
        coll.drop();
        long nanos = 0;
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        for (long from = 1; from <= n; from += BUILD_CHUNK) {
            List<Document> docs = build(from, Math.min(n, from + BUILD_CHUNK - 1)); // not timed
            long t = System.nanoTime();
            for (int i = 0; i < docs.size(); i += BATCH) {
                coll.insertMany(docs.subList(i, Math.min(docs.size(), i + BATCH)), unordered);
            }
            nanos += System.nanoTime() - t;
        }
        long count = coll.countDocuments();
        coll.drop();
        return result(n, nanos / 1e9, "docs", "collection count after: " + count);
    }

    /**
     * What the service's BulkUpserter sends per page, split in its two round trips: find(_id $in page ids)
     * projecting _sync.hash/_sync.version, then bulkWrite of ReplaceOne upserts (unordered). New collection,
     * so every upsert inserts, as in an initial load.
     */
    static Map<String, Object> findThenUpsert(MongoDatabase db, long n) {
        MongoCollection<Document> coll = db.getCollection("raw_upsert");
        coll.drop();
        long findNanos = 0;
        long writeNanos = 0;
        BulkWriteOptions unordered = new BulkWriteOptions().ordered(false);
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        for (long from = 1; from <= n; from += BUILD_CHUNK) {
            List<Document> docs = build(from, Math.min(n, from + BUILD_CHUNK - 1));
            for (int i = 0; i < docs.size(); i += BATCH) {
                List<Document> page = docs.subList(i, Math.min(docs.size(), i + BATCH));
                List<Object> ids = new ArrayList<>(page.size());
                List<WriteModel<Document>> writes = new ArrayList<>(page.size());
                for (Document d : page) {
                    ids.add(d.get("_id"));
                    writes.add(new ReplaceOneModel<>(Filters.eq("_id", d.get("_id")), d, upsert));
                }
                long t = System.nanoTime();
                for (Document found : coll.find(Filters.in("_id", ids))
                        .projection(Projections.include("_sync.hash", "_sync.version"))) {
                    found.get("_id");
                }
                long t2 = System.nanoTime();
                coll.bulkWrite(writes, unordered);
                long t3 = System.nanoTime();
                findNanos += t2 - t;
                writeNanos += t3 - t2;
            }
        }
        long count = coll.countDocuments();
        // A second pass of the find alone against the now-full collection (an incremental pass's read):
        long refind = 0;
        for (long from = 1; from <= Math.min(n, 100_000); from += BATCH) {
            List<Object> ids = new ArrayList<>(BATCH);
            for (long id = from; id < from + BATCH && id <= n; id++) {
                ids.add(id);
            }
            long t = System.nanoTime();
            for (Document found : coll.find(Filters.in("_id", ids))
                    .projection(Projections.include("_sync.hash", "_sync.version"))) {
                found.get("_id");
            }
            refind += System.nanoTime() - t;
        }
        long refindDocs = Math.min(n, 100_000);
        coll.drop();
        Map<String, Object> r = result(n, (findNanos + writeNanos) / 1e9, "docs", "collection count after: " + count);
        r.put("find_seconds", round(findNanos / 1e9));
        r.put("bulk_upsert_seconds", round(writeNanos / 1e9));
        r.put("bulk_upsert_docs_per_s", Math.round(n / (writeNanos / 1e9)));
        r.put("find_in_existing_docs_per_s", Math.round(refindDocs / (refind / 1e9)));
        return r;
    }

    /** Documents shaped like the service's products documents (ids {@code from..to}). */
    static List<Document> build(long from, long to) {
        List<Document> docs = new ArrayList<>((int) (to - from + 1));
        Date now = new Date();
        String[] names = {"Widget", "Gadget", "Gizmo", "Doohickey", "Sprocket", "Thingamajig"};
        String[] colors = {"red", "green", "blue", "black", "white"};
        String lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
        for (long id = from; id <= to; id++) {
            long created = 1672531200000L + (id * 7919 % 31536000) * 1000;
            long updatedMicros = (1704067200L + id * 7919 % 31536000) * 1_000_000L + id % 1_000_000;
            Document attrs = new Document("color", colors[(int) (id % 5)]).append("size", (int) (id % 48))
                    .append("dims", List.of((int) (id % 10), (int) (id % 20), (int) (id % 30)))
                    .append("vendor", "v" + id % 997);
            Document d = new Document("_id", id)
                    .append("id", id)
                    .append("sku", String.format("SKU-%09d", id))
                    .append("name", "Product " + id + " " + names[(int) (id % 6)])
                    .append("description", "Description of product " + id + ". " + lorem.repeat(1 + (int) (id % 4)))
                    .append("category_id", (int) (1 + id % 250))
                    .append("price", new Decimal128(BigDecimal.valueOf(100 + id * 7919 % 99999, 2)))
                    .append("cost", new Decimal128(BigDecimal.valueOf(id * 104729 % 9999999, 4)))
                    .append("weight", (id % 5000) / 100.0)
                    .append("rating", (id % 50) / 10.0)
                    .append("is_active", id % 10 != 0)
                    .append("status", new String[] {"draft", "active", "archived"}[(int) (id % 3)])
                    .append("tags", new ArrayList<>(List.of("new", "sale").subList(0, (int) (id % 3))))
                    .append("attributes", attrs)
                    .append("stock_units", id % 10000)
                    .append("release_date", new Date(1420070400000L + (id % 3650) * 86_400_000L))
                    .append("created_at", new Date(created))
                    .append("created_at_micros", created * 1000)
                    .append("updated_at", new Date(updatedMicros / 1000))
                    .append("updated_at_micros", updatedMicros);
            d.append("_sync", new Document("table", "products").append("version", updatedMicros)
                    .append("hash", "0123456789abcdef0123456789abcdef").append("synced_at", now));
            docs.add(d);
        }
        return docs;
    }

    static Map<String, Object> result(long n, double secs, String unit, String note) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(unit, n);
        r.put("seconds", round(secs));
        r.put(unit + "_per_s", Math.round(n / secs));
        r.put("note", note);
        return r;
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
