package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mysqlmongosync.mapping.spec.DocumentMapper;
import io.mysqlmongosync.mapping.spec.EmbedSpec;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.schema.TableSchema;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tables joined by an embedding run in one group (one worker, in run order); the others run on their own. */
class RunGroupsTest {

    static TableContext table(String name, Relationship... embeds) {
        ColumnInfo id = new ColumnInfo("id", "int", "int(11)", 10, 0, 0, false, false);
        TableSchema schema = new TableSchema(name, List.of(id), List.of(id), Optional.empty(), Optional.empty(), List.of(), 0);
        return new TableContext(schema, null, null, name, null, DocumentMapper.IDENTITY, List.of(embeds), List.of(),
                "rescan");
    }

    static Relationship embed(String parent, String source) {
        return new Relationship(EmbedSpec.Kind.MANY, parent, source, source, "id", "parent_id", null, null, List.of(),
                DocumentMapper.IDENTITY, 1);
    }

    static List<List<String>> names(List<List<TableContext>> groups) {
        return groups.stream().map(g -> g.stream().map(TableContext::name).toList()).toList();
    }

    @Test
    void embeddingsJoinGroupsTransitivelyAndKeepRunOrder() {
        List<TableContext> selected = List.of(
                table("categories"),
                table("products", embed("products", "categories")),
                table("customers"),
                table("orders", embed("orders", "order_items"), embed("orders", "customers_view")),
                table("order_items"),
                table("customers_view"),
                table("inventory"));
        assertEquals(List.of(List.of("categories", "products"), List.of("customers"),
                List.of("orders", "order_items", "customers_view"), List.of("inventory")),
                names(SyncEngine.groupsOf(selected)));
    }

    @Test
    void withoutEmbeddingsEveryTableIsItsOwnGroup() {
        assertEquals(List.of(List.of("a"), List.of("b")), names(SyncEngine.groupsOf(List.of(table("a"), table("b")))));
        assertEquals(List.of(List.of("orders")), names(SyncEngine.groupsOf(List.of(table("orders",
                embed("orders", "order_items"))))), "an embedded table that is not selected does not join");
    }
}
