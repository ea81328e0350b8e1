package io.mysqlmongosync.schema;

import java.util.Locale;

/**
 * One column as information_schema describes it, with the {@link ColumnKind} that decides its BSON type.
 *
 * @param name column name
 * @param dataType information_schema DATA_TYPE, lower case ({@code int}, {@code decimal}, {@code longtext})
 * @param columnType full COLUMN_TYPE ({@code tinyint(1) unsigned}, {@code set('a','b')})
 * @param precision numeric precision or bit width, -1 when not numeric
 * @param scale numeric scale, -1 when not numeric
 * @param fsp fractional seconds precision of temporal types, 0 when none
 * @param nullable whether NULL is allowed
 * @param json whether the column holds JSON (MySQL JSON type, or MariaDB LONGTEXT with a json_valid check)
 */
public record ColumnInfo(String name, String dataType, String columnType, int precision, int scale, int fsp,
        boolean nullable, boolean json) {

    /** Whether the column is declared UNSIGNED. */
    public boolean unsigned() {
        return columnType.toLowerCase(Locale.ROOT).contains("unsigned");
    }

    /** The conversion this column gets. */
    public ColumnKind kind() {
        if (json) {
            return ColumnKind.JSON;
        }
        String ct = columnType.toLowerCase(Locale.ROOT);
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint" -> ct.startsWith("tinyint(1)") && !unsigned() ? ColumnKind.BOOLEAN : ColumnKind.INT32;
            case "bool", "boolean" -> ColumnKind.BOOLEAN;
            case "smallint", "mediumint" -> ColumnKind.INT32;
            case "int", "integer" -> unsigned() ? ColumnKind.INT64 : ColumnKind.INT32;
            case "bigint" -> unsigned() ? ColumnKind.UINT64 : ColumnKind.INT64;
            case "decimal", "numeric", "fixed", "dec" -> ColumnKind.DECIMAL;
            case "float", "double", "real", "double precision" -> ColumnKind.DOUBLE;
            case "datetime", "timestamp" -> ColumnKind.DATETIME;
            case "date" -> ColumnKind.DATE;
            case "time" -> ColumnKind.TIME;
            case "year" -> ColumnKind.YEAR;
            case "set" -> ColumnKind.SET;
            case "json" -> ColumnKind.JSON;
            case "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob" -> ColumnKind.BINARY;
            case "bit" -> precision <= 1 ? ColumnKind.BIT_BOOLEAN : ColumnKind.BIT_LONG;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                    "geometrycollection", "geomcollection" -> ColumnKind.GEOMETRY;
            default -> ColumnKind.STRING; // char, varchar, text family, enum, and unknown types as text
        };
    }

    /** Whether this column's values are temporal (compared in SQL as formatted strings). */
    public boolean temporal() {
        ColumnKind k = kind();
        return k == ColumnKind.DATETIME || k == ColumnKind.DATE;
    }
}
