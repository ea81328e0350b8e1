package io.mysqlmongosync.schema;

/** How a MySQL column is read and which BSON type it becomes (the type table of docs/TYPES.md). */
public enum ColumnKind {
    BOOLEAN, INT32, INT64, UINT64, DECIMAL, DOUBLE, DATETIME, DATE, TIME, YEAR, STRING, SET, JSON,
    BINARY, BIT_BOOLEAN, BIT_LONG, GEOMETRY
}
