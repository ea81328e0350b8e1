package io.mysqlmongosync.source.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventMetadata;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.XidEventData;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Decoding by name: the cells of a row image written before a column was added, dropped or renamed land on the
 * table's current columns by the names the event's table map carried; without names the image is taken in column
 * order; the DDL rules that decide a re-read of the table's rows.
 */
class ColumnNamesTest {

    private static final ColumnInfo ID = col("id", "int(11)");
    private static final ColumnInfo NAME = col("name", "varchar(100)");
    private static final ColumnInfo QTY = col("qty", "int(11)");
    private static final ColumnInfo COLOR = col("color", "varchar(20)");
    private static final ColumnInfo TITLE = col("title", "varchar(100)");

    @Test
    void anImageWrittenBeforeAnAddedColumnReadsItAsNull() {
        List<ColumnInfo> now = List.of(ID, NAME, COLOR, QTY); // color added AFTER name since the event
        int[] at = ColumnNames.positions("items", List.of("id", "name", "qty"), now, List.of(ID));
        assertArrayEquals(new int[] {0, 1, -1, 2}, at);
        assertArrayEquals(new Serializable[] {7, "kettle", null, 3},
                ColumnNames.place(new Serializable[] {7, "kettle", 3}, at));
    }

    @Test
    void aDroppedColumnsCellIsIgnoredAndARenamedOneIsNotTakenForTheNewName() {
        List<ColumnInfo> now = List.of(ID, TITLE, QTY); // name renamed to title, color dropped
        int[] at = ColumnNames.positions("items", List.of("ID", "Name", "color", "qty"), now, List.of(ID));
        assertArrayEquals(new int[] {0, -1, 3}, at, "by name, case-insensitively");
        assertArrayEquals(new Serializable[] {7, null, 3},
                ColumnNames.place(new Serializable[] {7, "kettle", "red", 3}, at));
    }

    @Test
    void aMissingKeyColumnIsAMismatch() {
        SchemaMismatchException e = assertThrows(SchemaMismatchException.class, () -> ColumnNames.positions("items",
                List.of("item_id", "name"), List.of(ID, NAME), List.of(ID)));
        assertTrue(e.getMessage().contains("no primary key column 'id'"), e.getMessage());
    }

    @Test
    void theAssemblerCarriesTheTableMapsColumnNamesToItsRowChanges() {
        List<BinlogTransaction> out = new ArrayList<>();
        TransactionAssembler a = new TransactionAssembler("shop", java.util.Set.of("items"),
                new BinlogPosition("binlog.000001", 4, null), out::add);
        a.accept(event(EventType.TABLE_MAP, tableMap(12, List.of("id", "name", "qty"), 3)));
        WriteRowsEventData rows = new WriteRowsEventData();
        rows.setTableId(12);
        rows.setRows(List.<Serializable[]>of(new Serializable[] {1, "a", 2}));
        a.accept(event(EventType.EXT_WRITE_ROWS, rows));
        a.accept(event(EventType.XID, new XidEventData()));
        a.accept(event(EventType.TABLE_MAP, tableMap(12, null, 3))); // a server writing no names (MINIMAL)
        a.accept(event(EventType.EXT_WRITE_ROWS, rows));
        a.accept(event(EventType.XID, new XidEventData()));
        assertEquals(List.of("id", "name", "qty"), out.get(0).changes().get(0).columns());
        assertNull(out.get(1).changes().get(0).columns(), "no names: column order");
    }

    @Test
    void theTableMapsNamesCountOnlyWhenThereIsOnePerColumn() {
        assertEquals(List.of("id", "name"), ColumnNames.of(tableMap(1, List.of("id", "name"), 2)));
        assertNull(ColumnNames.of(tableMap(1, List.of("id"), 2)));
        assertNull(ColumnNames.of(tableMap(1, null, 2)));
    }

    @Test
    void columnChangingStatementsAskForAReRead() {
        TableSchema s = new TableSchema("items", List.of(ID, NAME), List.of(ID), Optional.empty(), Optional.empty(),
                List.of(), 0);
        List<String> same = ColumnDdl.shape(s);
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items ADD COLUMN color VARCHAR(20)", "items", same, s));
        assertTrue(ColumnDdl.reshapes("alter table `shop`.`items` add color varchar(20) after name", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items RENAME COLUMN name TO title", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items DROP COLUMN IF EXISTS color", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items DROP color", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items MODIFY qty BIGINT", "items", same, s));
        assertFalse(ColumnDdl.reshapes("ALTER TABLE items ADD INDEX idx_name (name)", "items", same, s));
        assertFalse(ColumnDdl.reshapes("ALTER TABLE items DROP INDEX idx_name", "items", same, s));
        assertFalse(ColumnDdl.reshapes("ALTER TABLE items ALTER COLUMN name DROP DEFAULT", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items CHANGE COLUMN name title VARCHAR(100)", "items", same, s));
        assertFalse(ColumnDdl.reshapes("ALTER TABLE items_archive ADD COLUMN x INT", "items", same, s));
        assertFalse(ColumnDdl.reshapes("CREATE INDEX i ON items (name)", "items", same, s));
        assertTrue(ColumnDdl.reshapes("ALTER TABLE items ADD INDEX i (name)", "items", List.of("id int(11)"), s),
                "the columns differ from those before the statement");
    }

    @Test
    void aBatchIsCutAroundItsDdl() {
        BinlogPosition p = new BinlogPosition("b.1", 4, null);
        BinlogTransaction row = new BinlogTransaction(List.of(), p, 0, null);
        BinlogTransaction ddl = new BinlogTransaction(List.of(), p, 0, "ALTER TABLE items ADD COLUMN c INT");
        List<BinlogTransaction> txs = List.of(row, row, ddl, row);
        assertEquals(2, ColumnDdl.first(txs, "items"));
        assertEquals(List.of(List.of(row, row), List.of(ddl), List.of(row)), ColumnDdl.around(txs, 2));
        assertEquals(List.of(List.of(ddl)), ColumnDdl.around(List.of(ddl), 0));
        assertEquals(-1, ColumnDdl.first(List.of(row), "items"));
    }

    private static TableMapEventData tableMap(long id, List<String> names, int columns) {
        TableMapEventData t = new TableMapEventData();
        t.setTableId(id);
        t.setDatabase("shop");
        t.setTable("items");
        t.setColumnTypes(new byte[columns]);
        if (names != null) {
            TableMapEventMetadata m = new TableMapEventMetadata();
            m.setColumnNames(names);
            t.setEventMetadata(m);
        }
        return t;
    }

    private static Event event(EventType type, com.github.shyiko.mysql.binlog.event.EventData data) {
        EventHeaderV4 h = new EventHeaderV4();
        h.setEventType(type);
        h.setNextPosition(100);
        return new Event(h, data);
    }

    private static ColumnInfo col(String name, String type) {
        return new ColumnInfo(name, type.replaceAll("\\(.*", ""), type, 0, 0, 0, true, false);
    }
}
