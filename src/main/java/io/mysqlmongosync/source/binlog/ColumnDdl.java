package io.mysqlmongosync.source.binlog;

import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DDL statements of a stream as they concern one table: which transaction of a batch is one (the batch is
 * applied up to it with the schema before it, then after it with the schema after it), and whether it changes the
 * table's columns ({@code ADD}, {@code DROP}, {@code RENAME COLUMN}, {@code CHANGE}, {@code MODIFY},
 * {@code CONVERT TO}), so that the documents written before it must be rewritten in the new shape.
 */
public final class ColumnDdl {

    private static final Pattern ALTER = Pattern.compile("^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\s+"
            + "(?:IF\\s+EXISTS\\s+)?(?:[`\"]?[^`\".\\s]+[`\"]?\\.)?[`\"]?([^`\"\\s.]+)[`\"]?", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_CLAUSE = Pattern.compile("\\b(?:ADD|DROP)\\s+(?:COLUMN\\b|(?!(?:INDEX|KEY|"
            + "PRIMARY|UNIQUE|FULLTEXT|SPATIAL|FOREIGN|CONSTRAINT|CHECK|PARTITION|PERIOD|SYSTEM|DEFAULT)\\b)[^\\s,]+)"
            + "|\\bRENAME\\s+COLUMN\\b|\\bCHANGE\\b|\\bMODIFY\\b|\\bCONVERT\\s+TO\\b", Pattern.CASE_INSENSITIVE);

    private ColumnDdl() {
    }

    /**
     * The index of the first transaction of {@code txs} that is a DDL statement naming {@code table}, or -1. (A
     * statement naming it loosely, such as another table whose name contains it, only costs a re-discovery.)
     */
    public static int first(List<BinlogTransaction> txs, String table) {
        String name = table.toLowerCase(Locale.ROOT);
        for (int i = 0; i < txs.size(); i++) {
            String ddl = txs.get(i).ddl();
            if (ddl != null && ddl.toLowerCase(Locale.ROOT).contains(name)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code txs} cut around its DDL at {@code at}: the part before (if any), the DDL alone, the rest (if any). */
    public static List<List<BinlogTransaction>> around(List<BinlogTransaction> txs, int at) {
        List<List<BinlogTransaction>> parts = new ArrayList<>(3);
        if (at > 0) {
            parts.add(txs.subList(0, at));
        }
        parts.add(txs.subList(at, at + 1));
        if (at + 1 < txs.size()) {
            parts.add(txs.subList(at + 1, txs.size()));
        }
        return parts;
    }

    /**
     * Whether {@code ddl} changed the columns of {@code table}: its columns {@code before} (name and type, as
     * {@link #shape} gives them) differ from {@code now}'s, or the statement is an {@code ALTER TABLE} of it with
     * a column clause (what a stream replaying from before the statement, whose schema is already the new one,
     * can only tell from the statement).
     */
    public static boolean reshapes(String ddl, String table, List<String> before, TableSchema now) {
        if (!before.equals(shape(now))) {
            return true;
        }
        if (ddl == null) {
            return false;
        }
        String sql = ddl.replaceAll("(?s)/\\*.*?\\*/", " ");
        Matcher m = ALTER.matcher(sql);
        return m.find() && m.group(1).equalsIgnoreCase(table) && COLUMN_CLAUSE.matcher(sql.substring(m.end())).find();
    }

    /** The columns of {@code schema} as {@code name type}, in order. */
    public static List<String> shape(TableSchema schema) {
        return schema.columns().stream().map(ColumnDdl::shape).toList();
    }

    private static String shape(ColumnInfo c) {
        return c.name() + " " + c.columnType();
    }
}
