package io.mysqlmongosync.source.binlog;

import io.mysqlmongosync.mapping.TypeConverter;
import io.quarkus.runtime.annotations.RegisterForProxy;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * A one-row, read-only {@link ResultSet} over plain values as a text-protocol JDBC read gives them (numbers, the
 * server's text forms, bytes), for the polling path's row converter. Only the getters the converter calls are
 * answered: {@code getInt}, {@code getLong}, {@code getDouble}, {@code getString}, {@code getBigDecimal},
 * {@code getBytes}, {@code getObject(int, LocalDateTime.class)} and {@code wasNull}; columns are 1-based.
 */
@RegisterForProxy(targets = ResultSet.class)
final class PlainRowResultSet implements InvocationHandler {

    private final Object[] values;
    private boolean lastNull;

    private PlainRowResultSet(Object[] values) {
        this.values = values;
    }

    /** A result set positioned on the one row {@code values} (index 0 is column 1). */
    static ResultSet of(Object[] values) {
        return (ResultSet) Proxy.newProxyInstance(PlainRowResultSet.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, new PlainRowResultSet(values));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws SQLException {
        String name = method.getName();
        if (name.equals("wasNull")) {
            return lastNull;
        }
        if (args == null || args.length == 0 || !(args[0] instanceof Integer index)) {
            throw new SQLException("not supported on a binlog row: " + name);
        }
        Object v = values[index - 1];
        lastNull = v == null;
        return switch (name) {
            case "getInt" -> v == null ? 0 : number(v).intValue();
            case "getLong" -> v == null ? 0L : number(v).longValue();
            case "getDouble" -> v == null ? 0d : number(v).doubleValue();
            case "getString" -> v == null ? null : text(v);
            case "getBigDecimal" -> v == null ? null : v instanceof BigDecimal d ? d : new BigDecimal(text(v));
            case "getBytes" -> v == null ? null : v instanceof byte[] b ? b : text(v).getBytes(StandardCharsets.UTF_8);
            case "getObject" -> v == null ? null : localDateTime(args, v);
            default -> throw new SQLException("not supported on a binlog row: " + name);
        };
    }

    private static LocalDateTime localDateTime(Object[] args, Object v) throws SQLException {
        if (args.length != 2 || args[1] != LocalDateTime.class) {
            throw new SQLException("not supported on a binlog row: getObject without LocalDateTime.class");
        }
        LocalDateTime t = TypeConverter.parseDateTime(text(v));
        if (t == null) {
            throw new SQLException("zero date '" + v + "' is no LocalDateTime");
        }
        return t;
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return new BigDecimal(text(v));
    }

    private static String text(Object v) {
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof BigInteger || v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        return String.valueOf(v);
    }
}
