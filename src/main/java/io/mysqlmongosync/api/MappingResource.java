package io.mysqlmongosync.api;

import io.mysqlmongosync.api.MappingModels.EmbedView;
import io.mysqlmongosync.api.MappingModels.MappingView;
import io.mysqlmongosync.api.MappingModels.TableMappingView;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.mapping.spec.FieldMapping;
import io.mysqlmongosync.mapping.spec.FieldRule;
import io.mysqlmongosync.mapping.spec.MappingResolver;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import io.mysqlmongosync.mapping.spec.Relationship;
import io.mysqlmongosync.security.ApiRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /sync/mapping}: the mapping in effect, as checked against the tables — per synced table its collection,
 * renames, drops, computed fields, type overrides, validation rules and embeddings, plus the tables read only to be
 * embedded. Rules of the built-in default on columns a table lacks are not listed (they do not apply).
 */
@Path("/sync/mapping")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync")
public class MappingResource {

    private final TableCatalog catalog;

    MappingResource(TableCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The effective document mapping (mapping file checked against the discovered tables)")
    @APIResponse(responseCode = "200", description = "The mapping in effect",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MappingView.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403")
    public MappingView mapping() {
        MappingSpec spec = catalog.mappingSpec();
        Map<String, TableContext> tables;
        try {
            tables = catalog.tables();
        } catch (SQLException e) {
            throw new IllegalStateException("MySQL is not reachable, the mapping cannot be checked against the tables: "
                    + e.getMessage(), e);
        }
        MappingResolver.Resolved resolved = catalog.resolvedMapping();
        List<TableMappingView> collections = new ArrayList<>();
        List<TableMappingView> embeddedOnly = new ArrayList<>();
        for (TableContext t : tables.values()) {
            Rules r = rules(t.mapper().mapping());
            List<EmbedView> embed = t.embeds().isEmpty() ? null
                    : t.embeds().stream().map(MappingResource::relationship).toList();
            List<String> embeddedIn = t.ownCollection() ? null
                    : t.feeds().stream().map(f -> f.parent() + "." + f.as()).toList();
            TableMappingView c = new TableMappingView(t.ownCollection() ? t.collection() : null, t.name(),
                    t.strategyName(), r.rename(), r.drop(), r.computed(), r.types(), r.validate(), r.onInvalid(), embed,
                    embeddedIn);
            (t.ownCollection() ? collections : embeddedOnly).add(c);
        }
        return new MappingView(spec.file(), spec.builtIn(), collections, embeddedOnly,
                resolved == null ? List.of() : resolved.notes());
    }

    /** The field rules of a mapping as the answer lists them. */
    private record Rules(Map<String, String> rename, List<String> drop, Map<String, String> computed,
            Map<String, String> types, Map<String, Map<String, Object>> validate, String onInvalid) {
    }

    private static Rules rules(FieldMapping m) {
        Map<String, String> computed = new LinkedHashMap<>();
        m.computed().forEach((f, e) -> computed.put(f, e.source()));
        Map<String, String> types = new LinkedHashMap<>();
        m.types().forEach((f, t) -> types.put(f, t.name().toLowerCase(Locale.ROOT)));
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (FieldRule r : m.rules()) {
            rules.computeIfAbsent(r.field(), k -> new LinkedHashMap<>()).put(r.kind().key(), r.parameter());
        }
        return new Rules(m.rename(), m.drop(), computed, types, rules, m.noteInvalid() ? "note" : "skip");
    }

    private static EmbedView relationship(Relationship r) {
        if (!r.many()) {
            return new EmbedView("one", r.source(), r.as(), null, null, null, null, null, null, null, r.localKey(),
                    r.fields());
        }
        Rules f = rules(r.mapper().mapping());
        return new EmbedView("many", r.source(), r.as(), r.foreignKey(), f.rename(), f.drop(), f.computed(), f.types(),
                f.validate(), f.onInvalid(), null, null);
    }
}
