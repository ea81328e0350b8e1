package io.mysqlmongosync.api;

import com.mongodb.client.model.Filters;
import io.mysqlmongosync.engine.TableCatalog;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.UnknownTableException;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.ConversionException;
import io.mysqlmongosync.schema.ColumnInfo;
import io.mysqlmongosync.source.KeyPosition;
import io.mysqlmongosync.source.KeysetQuery;
import io.mysqlmongosync.security.ApiRoles;
import io.mysqlmongosync.sink.TargetDatabase;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.bson.Document;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /sync/tables/{table}/sample?limit=N}: the first N source rows by primary key next to the documents
 * they became, so an operator can see the mapping of real data at a glance. Viewer role, like the other reads that
 * show documents; columns protected by SYNC_PROTECT_&lt;TABLE&gt; are not shown in clear. A class of its own (its path is
 * more specific than {@code /sync}, so routing prefers it) to keep the control resource small.
 */
@Path("/sync/tables/{table}/sample")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync", description = "Status and control of the MySQL → MongoDB sync")
public class TableSampleResource {

    static final int MAX_LIMIT = 100;

    private final TableCatalog catalog;
    private final DataSource dataSource;
    private final TargetDatabase target;
    private final FieldProtector protector;

    TableSampleResource(TableCatalog catalog, DataSource dataSource, TargetDatabase target, FieldProtector protector) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.target = target;
        this.protector = protector;
    }

    @GET
    @RolesAllowed(ApiRoles.VIEWER)
    @Operation(summary = "The first N rows of a table by primary key next to the documents they became (N 1..100)",
            description = "Each entry: key, source_row (column → value: numbers as numbers, DECIMAL and unsigned BIGINT"
                    + " as exact text, temporal values as MySQL text, binary as base64) and document (the stored"
                    + " document as relaxed extended JSON, null when it is not in MongoDB yet).")
    @APIResponse(responseCode = "200", description = "Rows next to their documents",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ReadModels.SampleEntry.class)))
    @Extension(name = ErrorResponses.CODES, value = "400,401,403,404")
    public List<Map<String, Object>> sample(@PathParam("table") String table,
            @QueryParam("limit") @DefaultValue("10") String limit) throws SQLException {
        if (!catalog.isConfigured(table)) {
            throw new UnknownTableException(table, catalog.configuredTables());
        }
        int n = limit(limit);
        TableContext t = catalog.tables().get(table);
        KeysetQuery query = KeysetQuery.byPrimaryKey(t.schema(), null);
        List<ColumnInfo> columns = t.schema().columns();
        List<Map<String, Object>> out = new ArrayList<>(n);
        List<Object> ids = new ArrayList<>(n);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(query.sql(KeyPosition.start()))) {
            query.bind(ps, KeyPosition.start(), null, n);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        row.put(columns.get(i).name(), plain(KeysetQuery.readRaw(rs, i + 1, columns.get(i)),
                                columns.get(i)));
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    List<ColumnInfo> pk = t.schema().primaryKey();
                    if (pk.size() == 1) {
                        entry.put("key", row.get(pk.get(0).name()));
                    } else {
                        Map<String, Object> key = new LinkedHashMap<>();
                        pk.forEach(k -> key.put(k.name(), row.get(k.name())));
                        entry.put("key", key);
                    }
                    entry.put("source_row", row);
                    Object id;
                    try {
                        var converted = t.converter().convert(rs);
                        id = converted.id();
                        hideProtected(table, row, converted.document());
                    } catch (ConversionException | ArithmeticException | java.time.DateTimeException e) {
                        id = null; // the sync skips such a row as well; say why instead of looking it up
                        entry.put("problem", e.getMessage());
                    }
                    ids.add(id);
                    out.add(entry);
                }
            }
        }
        Map<Object, Document> stored = new HashMap<>();
        List<Object> lookup = ids.stream().filter(java.util.Objects::nonNull).toList();
        if (!lookup.isEmpty() && t.ownCollection()) {
            for (Document d : target.collection(t.collection()).find(Filters.in("_id", lookup))) {
                stored.put(d.get("_id"), d);
            }
        }
        for (int i = 0; i < out.size(); i++) {
            Document d = ids.get(i) == null ? null : stored.get(ids.get(i));
            out.get(i).put("document", d == null ? null : BsonJson.plain(d));
        }
        return out;
    }

    /**
     * A column protected by SYNC_PROTECT_&lt;TABLE&gt; (masked, hashed, encrypted or dropped in MongoDB) must not
     * show its clear value here either: it is replaced by a marker (the document shows the stored form).
     */
    private void hideProtected(String table, Map<String, Object> row, Document converted) {
        if (!protector.protects(table)) {
            return;
        }
        Document before = new Document(converted);
        Document after = protector.protect(table, converted);
        for (String column : row.keySet()) {
            Object was = before.get(column);
            if (was != null && (!after.containsKey(column) || !java.util.Objects.equals(was, after.get(column)))) {
                row.put(column, "(protected)");
            }
        }
    }

    private static int limit(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got "
                + ApiError.quote(value));
    }

    /** A raw JDBC value as JSON-friendly text or number (exact decimals as text, so no client rounds them). */
    private static Object plain(Object v, ColumnInfo column) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof byte[] b) {
            return switch (column.kind()) {
                case BIT_BOOLEAN, BIT_LONG -> new BigInteger(1, b).longValue();
                default -> Base64.getEncoder().encodeToString(b);
            };
        }
        return v;
    }
}
