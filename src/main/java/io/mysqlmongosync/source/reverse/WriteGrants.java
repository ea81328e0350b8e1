package io.mysqlmongosync.source.reverse;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Which of the privileges the reverse direction needs the service's MySQL user lacks: global, database and table
 * grants of the current user as information_schema lists them ({@code ALL PRIVILEGES} shows as each privilege).
 * Privileges granted only through a role or on single columns are not seen, and are reported missing.
 */
@ApplicationScoped
public class WriteGrants {

    private final DataSource dataSource;

    WriteGrants(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The missing grants, as {@code UPDATE on products}, of {@code needed} (table → privileges such as
     * {@code UPDATE}, {@code INSERT}, {@code DELETE}); empty when everything is granted.
     */
    public List<String> missing(Map<String, Collection<String>> needed) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            String grantee = grantee(c);
            Set<String> broad = privileges(c, "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"
                    + " WHERE GRANTEE = ? UNION SELECT PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
                    + " WHERE GRANTEE = ? AND TABLE_SCHEMA = DATABASE()", grantee, grantee);
            for (Map.Entry<String, Collection<String>> e : needed.entrySet()) {
                Set<String> table = privileges(c, "SELECT PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES"
                        + " WHERE GRANTEE = ? AND TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?", grantee, e.getKey());
                for (String p : e.getValue()) {
                    String privilege = p.toUpperCase(Locale.ROOT);
                    if (!broad.contains(privilege) && !table.contains(privilege)) {
                        missing.add(privilege + " on " + e.getKey());
                    }
                }
            }
        }
        return missing;
    }

    /** {@code 'user'@'host'} of CURRENT_USER(), as information_schema spells grantees. */
    private static String grantee(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_USER()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            String user = rs.getString(1);
            int at = user.lastIndexOf('@');
            return "'" + user.substring(0, at) + "'@'" + user.substring(at + 1) + "'";
        }
    }

    private static Set<String> privileges(Connection c, String sql, String... params) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(RowWriter.STATEMENT_SECONDS);
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1).toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }
}
