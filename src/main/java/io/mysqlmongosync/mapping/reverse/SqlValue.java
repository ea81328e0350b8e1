package io.mysqlmongosync.mapping.reverse;

/**
 * A value ready to be bound into an UPDATE: {@code placeholder} is the SQL put in the statement ({@code ?}, or a
 * function around it such as {@code ST_GeomFromWKB(?)}) and {@code value} the JDBC parameter (a {@code String},
 * {@code Long}, {@code BigDecimal}, {@code Double}, {@code byte[]}, or null for SQL NULL).
 */
public record SqlValue(String placeholder, Object value) {

    /** A plain parameter. */
    public static SqlValue of(Object value) {
        return new SqlValue("?", value);
    }
}
