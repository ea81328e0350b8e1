package io.mysqlmongosync.testing;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Compares every row of a table of the shape {@code (id INT PRIMARY KEY, name VARCHAR, price DECIMAL, qty BIGINT,
 * note VARCHAR NULL, updated_at DATETIME)} with its collection: both read in key order and merged, each document
 * checked field by field with its BSON type (int32 {@code _id} and {@code id}, string, Decimal128 with the column's scale, int64,
 * string or null, date), and no field more than those and {@code _sync}.
 */
public final class RowComparison {

    private static final Set<String> FIELDS = Set.of("_id", "id", "name", "price", "qty", "note", "updated_at", "_sync");

    /** The result: rows missing in MongoDB, documents without a row or with an id twice, and wrong documents. */
    public record Result(String table, long rows, long documents, long lost, long extra, long duplicated, long mistyped,
            List<String> examples) {

        /** Whether the collection equals the table. */
        public boolean equal() {
            return lost == 0 && extra == 0 && duplicated == 0 && mistyped == 0 && rows == documents;
        }

        @Override
        public String toString() {
            return table + ": " + rows + " rows, " + documents + " documents, " + lost + " lost, " + extra + " extra, "
                    + duplicated + " duplicated, " + mistyped + " mistyped" + (examples.isEmpty() ? "" : " " + examples);
        }
    }

    private RowComparison() {
    }

    /** Compares table {@code table} of {@code database} with {@code collection}, streaming both sides. */
    public static Result compare(String database, String table, MongoCollection<Document> collection)
            throws SQLException {
        long rows = 0;
        long docs = 0;
        long lost = 0;
        long extra = 0;
        long duplicated = 0;
        long mistyped = 0;
        List<String> examples = new ArrayList<>();
        try (Connection c = TestDatabase.connect(database);
                Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            st.setFetchSize(Integer.MIN_VALUE); // stream the rows
            try (ResultSet rs = st.executeQuery("SELECT id, name, price, qty, note, updated_at FROM `" + table
                    + "` ORDER BY id");
                    MongoCursor<Document> it = collection.find().sort(Sorts.ascending("_id")).batchSize(5000).iterator()) {
                boolean hasRow = rs.next();
                Document d = it.hasNext() ? it.next() : null;
                Object lastId = null;
                while (hasRow || d != null) {
                    if (d != null && Objects.equals(d.get("_id"), lastId)) {
                        duplicated++;
                        docs++;
                        d = it.hasNext() ? it.next() : null;
                        continue;
                    }
                    int cmp = !hasRow ? 1 : d == null ? -1 : compareId(rs.getInt(1), d.get("_id"));
                    if (cmp < 0) {
                        lost++;
                        note(examples, "lost id " + rs.getInt(1));
                        rows++;
                        hasRow = rs.next();
                    } else if (cmp > 0) {
                        extra++;
                        note(examples, "extra " + d.toJson());
                        lastId = d.get("_id");
                        docs++;
                        d = it.hasNext() ? it.next() : null;
                    } else {
                        String problem = mismatch(rs, d);
                        if (problem != null) {
                            mistyped++;
                            note(examples, problem);
                        }
                        lastId = d.get("_id");
                        rows++;
                        docs++;
                        hasRow = rs.next();
                        d = it.hasNext() ? it.next() : null;
                    }
                }
            }
        }
        return new Result(table, rows, docs, lost, extra, duplicated, mistyped, examples);
    }

    private static int compareId(int rowId, Object docId) {
        return docId instanceof Integer i ? Integer.compare(rowId, i) : -1;
    }

    private static void note(List<String> examples, String what) {
        if (examples.size() < 5) {
            examples.add(what);
        }
    }

    /** What differs between the row and its document (value or BSON type), or null. */
    static String mismatch(ResultSet rs, Document d) throws SQLException {
        int id = rs.getInt(1);
        if (!FIELDS.equals(d.keySet())) {
            return "id " + id + ": fields " + d.keySet();
        }
        String note = rs.getString(5);
        LocalDateTime updated = rs.getObject(6, LocalDateTime.class);
        Object[][] checks = {
            {"id", id},
            {"name", rs.getString(2)},
            {"price", new Decimal128(rs.getBigDecimal(3))},
            {"qty", rs.getLong(4)},
            {"note", note},
            {"updated_at", new Date(updated.toInstant(ZoneOffset.UTC).toEpochMilli())},
        };
        for (Object[] check : checks) {
            Object actual = d.get((String) check[0]);
            if (!Objects.equals(check[1], actual)) {
                return "id " + id + ": " + check[0] + " is " + describe(actual) + ", expected " + describe(check[1]);
            }
        }
        return null;
    }

    private static String describe(Object v) {
        return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}
