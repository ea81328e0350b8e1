package io.mysqlmongosync.engine;

import io.mysqlmongosync.engine.port.DocumentBuilder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.mapping.RowConverter;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetPageReader;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.source.Page;
import io.mysqlmongosync.sink.ContentHash;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.testing.TestDatabase;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Shared by {@link EncodedDocumentIT} and {@link EncodedDocumentOptionsIT}. Rows encoded straight from the result set (the fast path of a table whose document is its converted row) give
 * the same document bytes, content hash, {@code _id}, version, warnings and skipped rows as the plain path that
 * converts a row into a map, hashes it and lets the driver encode it; for the edge-value rows of TypeMappingIT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EncodedDocumentComparison {

    /** The source database of the concrete class's test resource. */
    abstract String db();

    @Inject
    DocumentBuilders builders;

    @Inject
    TableCatalog catalog;

    @Inject
    KeysetPageReader reader;

    @BeforeAll
    void rows() throws Exception {
        try (var c = TestDatabase.connect(db()); var s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = ''");
            s.execute("INSERT INTO products (id, sku, name, description, category_id, price, cost, weight, rating,"
                    + " is_active, small_count, stock_flags, is_featured, status, tags, attributes, image, checksum,"
                    + " release_date, release_year, available_from, location, views, stock_units, created_at, updated_at)"
                    + " VALUES (1, 'SKU-1', 'Lamp', 'A lamp', 7, 1234567890.99,"
                    + " 12345678901234567890123456789012345.123456789012345678901234567890, 1.1, 4.25, 1, 255,"
                    + " b'10100101', b'1', 'active', 'new,eco',"
                    + " '{\"color\":\"red\",\"dims\":[1,2.5],\"ok\":true,\"n\":null,\"big\":12345678901,\"d\":{\"$date\":1}}',"
                    + " x'DEADBEEF', x'00010203', '2024-02-29', 2024, '12:34:56.123456', ST_GeomFromText('POINT(13.4 52.5)'),"
                    + " 18446744073709551615, 4294967295, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.654321')");
            s.execute("INSERT INTO products (id, sku, name, price, cost, is_active, views, tags, updated_at)"
                    + " VALUES (2, 'SKU-2', 'Nulls', 0.10, 1.500000000000000000000000000000, 0, 9223372036854775807, '',"
                    + " '2024-01-02 03:04:05.000000')");
            // unicode, a price breaking the rule (skipped), JSON arrays, scalars and null, an early time
            s.execute("INSERT INTO products (id, sku, name, price, is_active, attributes, location, updated_at) VALUES"
                    + " (3, 'SKU-3', 'Grüße 😀 \\\\ \"q\"', 1.00, 1, '[1,\"a\",{\"x\":[]}]',"
                    + " NULL, '1970-01-01 00:00:00.000001'),"
                    + " (4, 'SKU-4', 'Negative', -1.00, 1, '\"just text\"', NULL, '2024-01-02 03:04:05'),"
                    + " (5, 'SKU-5', '', 2.00, 1, 'null', NULL, '2024-06-30 23:59:59.999999')");
            s.execute("INSERT INTO customers (id, email, name, birth_date, created_at) VALUES "
                    + "(1, 'ann@example.com', 'Ann', '1990-05-17', '2024-03-01 10:00:00.250'),"
                    + "(2, 'bob@example.com', 'Bob', '0000-00-00', '2024-03-01 10:00:00.500')");
            s.execute("INSERT INTO orders (id, customer_id, total_amount) VALUES (1, 10, 99.50), (2, NULL, 5.00),"
                    + " (3, 11, -1.00), (4, 12, 0.00)");
            s.execute("INSERT INTO order_items (order_id, line_no, product_id, quantity, unit_price) VALUES "
                    + "(100, 1, 1, 2, 9.99), (100, 2, 2, 1, 19.99), (101, 1, 1, 5, 9.99)");
            s.execute("INSERT INTO inventory (product_id, warehouse, quantity) VALUES (1, 'BER', 5), (2, 'MUC', -3)");
        }
    }

    @Test
    void productsEncodeAsThePlainPath() throws Exception {
        int written = compare("products");
        assertEquals(3, written); // row 4 breaks price.min, row 5 name.required: skipped on both paths
    }

    @Test
    void zeroDatesAndTimestampsEncodeAsThePlainPath() throws Exception {
        assertEquals(2, compare("customers"));
    }

    @Test
    void skippedRowsAreTheSameOnBothPaths() throws Exception {
        assertEquals(2, compare("orders"));
    }

    @Test
    void compositeKeysEncodeAsThePlainPath() throws Exception {
        assertEquals(3, compare("order_items"));
        assertEquals(1, compare("inventory"));
    }

    /** Reads {@code table} on both paths and compares every prepared row; returns the number of documents. */
    private int compare(String name) throws Exception {
        TableContext table = catalog.table(name).orElseThrow();
        RowConverter fast = builders.converterFor(table);
        assertTrue(fast.encodes(), name + " has a plain mapping: its rows are encoded directly");
        assertFalse(table.converter().encodes());
        KeysetQuery query = KeysetQuery.byPrimaryKey(table.schema(), null);
        Page plainPage = reader.read(query, table.converter(), KeyPosition.start(), null, 100);
        Page fastPage = reader.read(query, fast, KeyPosition.start(), null, 100);
        assertEquals(plainPage.size(), fastPage.size());
        assertEquals(plainPage.failures(), fastPage.failures());
        assertEquals(plainPage.rows().size(), fastPage.rows().size());
        Date now = new Date(1_700_000_000_123L);
        List<DocumentBuilder.Built> plain = builders.forTable(table).build(plainPage.rows(), now);
        List<DocumentBuilder.Built> encoded = builders.forTable(table).build(fastPage.rows(), now);
        int documents = 0;
        for (int i = 0; i < plain.size(); i++) {
            var p = plain.get(i);
            var e = encoded.get(i);
            assertEquals(plainPage.rows().get(i).warnings(), fastPage.rows().get(i).warnings());
            assertEquals(p.problems(), e.problems(), name + " row " + i);
            assertEquals(p.delete(), e.delete());
            if (p.document() == null) {
                assertNull(e.document());
                continue;
            }
            documents++;
            TargetDocument pd = p.document();
            TargetDocument ed = e.document();
            assertNull(pd.raw());
            assertNotNull(ed.raw(), "written as bytes");
            assertEquals(pd.id(), ed.id());
            assertEquals(pd.version(), ed.version());
            assertEquals(pd.hash(), ed.hash());
            // what the driver sends for the plain document, byte for byte
            byte[] expected = bytes(new RawBsonDocument(pd.document(), new DocumentCodec()));
            assertArrayEquals(expected, bytes(ed.raw()), name + " _id " + pd.id() + ": " + pd.document().toJson()
                    + " vs " + ed.raw().toJson());
            // the stored hash is the one the verifier recomputes from the stored document
            Document data = new Document(ed.asDocument());
            data.remove("_id");
            data.remove("_sync");
            assertEquals(ContentHash.of(data), ed.hash());
            assertEquals(pd.document(), ed.asDocument());
        }
        assertSame(fast, fast.encoding(name, java.util.Set.of()));
        return documents;
    }

    private static byte[] bytes(RawBsonDocument doc) {
        ByteBuffer b = doc.getByteBuffer().asNIO();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
