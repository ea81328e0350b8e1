package io.mysqlmongosync.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** A value or a row read from a test database on the local MariaDB, for assertions on what the sync wrote to MySQL. */
public final class SourceQuery {

    private SourceQuery() {
    }

    /** The first column of the first row {@code sql} returns in {@code database}, -1 when it returns no row. */
    public static long scalar(String database, String sql) throws Exception {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** The columns of the first row {@code sql} returns in {@code database}; fails when it returns no row. */
    public static Object[] row(String database, String sql) throws Exception {
        try (Connection c = TestDatabase.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row: " + sql);
            }
            Object[] out = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getObject(i + 1);
            }
            return out;
        }
    }
}
