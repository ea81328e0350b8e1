package io.mysqlmongosync.testing;

import com.mongodb.client.MongoCollection;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * Every row of a table with an integer key {@code id}, every column, next to its collection's documents: both sides
 * as {@code id → {field → value}} with the values put on one footing (integers, decimals without trailing zeros,
 * text, DATETIME as UTC microseconds: a document's date with its {@code <field>_micros} sibling folded in, null), so that {@code assertEquals} shows exactly which field of which row
 * differs, is missing or is left over (a document's fields besides {@code _id} and {@code _sync} must be the
 * table's columns, no more).
 */
public final class AllColumns {

    private AllColumns() {
    }

    /** The rows of {@code table} read through {@code c}. */
    public static Map<Integer, Map<String, String>> rows(Connection c, String table) throws SQLException {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM `" + table + "`")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), value(rs.getObject(i)));
                }
                out.put(rs.getInt("id"), row);
            }
        }
        return out;
    }

    /** The documents of {@code collection} the same way. */
    public static Map<Integer, Map<String, String>> documents(MongoCollection<Document> collection) {
        Map<Integer, Map<String, String>> out = new TreeMap<>();
        for (Document d : collection.find()) {
            Map<String, String> doc = new TreeMap<>();
            d.forEach((k, v) -> {
                boolean sibling = k.endsWith("_micros") && d.get(k.substring(0, k.length() - 7)) instanceof Date;
                if (!k.equals("_id") && !k.equals("_sync") && !sibling) {
                    Object micros = d.get(k + "_micros");
                    doc.put(k, v instanceof Date t && micros instanceof Number m
                            ? (Math.floorDiv(m.longValue(), 1000) == t.getTime() ? "time " + m.longValue()
                                    : "date " + t.getTime() + " disagrees with micros " + m)
                            : value(v));
                }
            });
            out.put(((Number) d.get("_id")).intValue(), doc);
        }
        return out;
    }

    private static long micros(LocalDateTime t) {
        java.time.Instant i = t.toInstant(ZoneOffset.UTC);
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return "int " + ((Number) v).longValue();
        }
        if (v instanceof BigDecimal d) {
            return "decimal " + d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Decimal128 d) {
            return "decimal " + d.bigDecimalValue().stripTrailingZeros().toPlainString();
        }
        if (v instanceof LocalDateTime t) {
            return "time " + micros(t);
        }
        if (v instanceof java.sql.Timestamp t) {
            return "time " + micros(t.toLocalDateTime());
        }
        if (v instanceof Date t) {
            return "time " + t.getTime() * 1000;
        }
        return v.getClass().getSimpleName() + " " + v;
    }
}
