package io.mysqlmongosync.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer records of {@code GET /sync/mapping}: the mapping in effect, per table and per embedding. */
@RegisterForReflection(targets = {MappingModels.MappingView.class, MappingModels.TableMappingView.class,
    MappingModels.EmbedView.class})
public final class MappingModels {

    private MappingModels() {
    }

    /** Answer of {@code GET /sync/mapping}. */
    @Schema(name = "MappingView", example = "{\"file\": null, \"built_in\": true, \"collections\": [{\"collection\":"
            + " \"products\", \"table\": \"products\", \"strategy\": \"timestamp\", \"rename\": {}, \"drop\": [],"
            + " \"computed\": {}, \"types\": {}, \"validate\": {}, \"on_invalid\": \"skip\"}], \"embedded_tables\": [],"
            + " \"notes\": []}")
    public record MappingView(@Schema(required = true, nullable = true) String file,
            @Schema(required = true) boolean builtIn,
            @Schema(required = true, description = "The synced tables with a collection of their own")
            List<TableMappingView> collections,
            @Schema(required = true, description = "The tables read only to be embedded in other documents")
            List<TableMappingView> embeddedTables,
            @Schema(required = true) List<String> notes) {
    }

    /**
     * One table's mapping: its collection (left out for a table only embedded elsewhere, which has
     * {@code embedded_in} instead), the field rules, and its embeddings ({@code embed}, left out when none).
     */
    @Schema(name = "TableMappingView")
    public record TableMappingView(@JsonInclude(JsonInclude.Include.NON_NULL) String collection,
            @Schema(required = true) String table, @Schema(required = true) String strategy,
            @Schema(required = true, description = "column → field") Map<String, String> rename,
            @Schema(required = true) List<String> drop,
            @Schema(required = true, description = "field → expression") Map<String, String> computed,
            @Schema(required = true, description = "field → BSON type") Map<String, String> types,
            @Schema(required = true, description = "field → rule → parameter") Map<String, Map<String, Object>> validate,
            @Schema(required = true, enumeration = {"skip", "note"}) String onInvalid,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<EmbedView> embed,
            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "parent table.field it is embedded as")
            List<String> embeddedIn) {
    }

    /**
     * One embedding: {@code many} (the rows as an array, with {@code foreign_key} and the field rules of the
     * elements) or {@code one} (one row as a sub-document, with {@code local_key} and the copied {@code fields}).
     */
    @Schema(name = "EmbedView")
    public record EmbedView(@Schema(required = true, enumeration = {"many", "one"}) String type,
            @Schema(required = true) String table, @Schema(required = true) String as,
            @JsonInclude(JsonInclude.Include.NON_NULL) String foreignKey,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> rename,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> drop,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> computed,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> types,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Map<String, Object>> validate,
            @JsonInclude(JsonInclude.Include.NON_NULL) String onInvalid,
            @JsonInclude(JsonInclude.Include.NON_NULL) String localKey,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> fields) {
    }
}
