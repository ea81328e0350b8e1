package io.mysqlmongosync.api;

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
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadModels.MappingView.class)))
    @Extension(name = ErrorResponses.CODES, value = "401,403")
    public Map<String, Object> mapping() {
        MappingSpec spec = catalog.mappingSpec();
        Map<String, TableContext> tables;
        try {
            tables = catalog.tables();
        } catch (SQLException e) {
            throw new IllegalStateException("MySQL is not reachable, the mapping cannot be checked against the tables: "
                    + e.getMessage(), e);
        }
        MappingResolver.Resolved resolved = catalog.resolvedMapping();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("file", spec.file());
        out.put("built_in", spec.builtIn());
        List<Map<String, Object>> collections = new ArrayList<>();
        List<Map<String, Object>> embeddedOnly = new ArrayList<>();
        for (TableContext t : tables.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            if (t.ownCollection()) {
                c.put("collection", t.collection());
            }
            c.put("table", t.name());
            c.put("strategy", t.strategyName());
            c.putAll(fields(t.mapper().mapping()));
            if (!t.embeds().isEmpty()) {
                c.put("embed", t.embeds().stream().map(MappingResource::relationship).toList());
            }
            if (t.ownCollection()) {
                collections.add(c);
            } else {
                c.put("embedded_in", t.feeds().stream().map(r -> r.parent() + "." + r.as()).toList());
                embeddedOnly.add(c);
            }
        }
        out.put("collections", collections);
        out.put("embedded_tables", embeddedOnly);
        out.put("notes", resolved == null ? List.of() : resolved.notes());
        return out;
    }

    private static Map<String, Object> fields(FieldMapping m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rename", m.rename());
        out.put("drop", m.drop());
        Map<String, String> computed = new LinkedHashMap<>();
        m.computed().forEach((f, e) -> computed.put(f, e.source()));
        out.put("computed", computed);
        Map<String, String> types = new LinkedHashMap<>();
        m.types().forEach((f, t) -> types.put(f, t.name().toLowerCase(Locale.ROOT)));
        out.put("types", types);
        Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
        for (FieldRule r : m.rules()) {
            rules.computeIfAbsent(r.field(), k -> new LinkedHashMap<>()).put(r.kind().key(), r.parameter());
        }
        out.put("validate", rules);
        out.put("on_invalid", m.noteInvalid() ? "note" : "skip");
        return out;
    }

    private static Map<String, Object> relationship(Relationship r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", r.many() ? "many" : "one");
        out.put("table", r.source());
        out.put("as", r.as());
        if (r.many()) {
            out.put("foreign_key", r.foreignKey());
            out.putAll(fields(r.mapper().mapping()));
        } else {
            out.put("local_key", r.localKey());
            out.put("fields", r.fields());
        }
        return out;
    }
}
