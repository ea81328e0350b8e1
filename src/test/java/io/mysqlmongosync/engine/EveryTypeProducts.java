package io.mysqlmongosync.engine;

import io.mysqlmongosync.testing.TestDatabase;

/** Two rows of products ({@code /db/ecommerce.sql}): one with a value in every column type, one mostly null. */
final class EveryTypeProducts {

    private EveryTypeProducts() {
    }

    /** Inserts products 1 (every type, at its limits) and 2 (nulls and edge values) into {@code database}. */
    static void insert(String database) {
        TestDatabase.exec(database, "SET SESSION sql_mode = ''");
        TestDatabase.exec(database, "INSERT INTO products (id, sku, name, description, category_id, price, cost, weight, rating,"
                + " is_active, small_count, stock_flags, is_featured, status, tags, attributes, image, checksum, release_date,"
                + " release_year, available_from, location, views, stock_units, created_at, updated_at) VALUES "
                + "(1, 'SKU-1', 'Lamp', 'A lamp', 7, 1234567890.99, 12345678901234567890123456789012345.123456789012345678901234567890,"
                + " 1.1, 4.25, 1, 255, b'10100101', b'1', 'active', 'new,eco', '{\"color\":\"red\",\"dims\":[1,2.5],\"ok\":true}',"
                + " x'DEADBEEF', x'00010203', '2024-02-29', 2024, '12:34:56.123456', ST_GeomFromText('POINT(13.4 52.5)'),"
                + " 18446744073709551615, 4294967295, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.654321')");
        TestDatabase.exec(database, "INSERT INTO products (id, sku, name, price, cost, is_active, views, tags, updated_at)"
                + " VALUES (2, 'SKU-2', 'Nulls', 0.10, 1.500000000000000000000000000000, 0, 9223372036854775807, '',"
                + " '2024-01-02 03:04:05.000000')");
    }
}
