package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.mysqlmongosync.mapping.FieldProtector;
import io.mysqlmongosync.mapping.MappingConfiguration;
import io.mysqlmongosync.source.RowConverter;
import io.mysqlmongosync.mapping.spec.MappingResolver;
import io.mysqlmongosync.mapping.spec.MappingSpec;
import io.mysqlmongosync.mapping.TypeConverter;
import io.mysqlmongosync.mapping.TypeOptions;
import io.mysqlmongosync.mapping.DocumentCustomizer;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import io.mysqlmongosync.sink.SyncedCollections;
import io.mysqlmongosync.source.SchemaDiscovery;
import io.mysqlmongosync.schema.TableSchema;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The configured tables, discovered and prepared for syncing: schema, row converter, document customizer (the
 * application's {@code @Named("<table>")} {@link DocumentCustomizer} bean, if any), capture mode (see
 * {@link CaptureModes}) and target collection ({@code SYNC_<TABLE>_COLLECTION}, else the mapping file's, else the
 * table name).
 */
@ApplicationScoped
public class TableCatalog implements SyncedCollections {

    private static final Logger LOG = Logger.getLogger(TableCatalog.class);
    private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}");

    private final SchemaDiscovery discovery;
    private final Instance<DocumentCustomizer> customizers;
    private final CaptureModes captureModes;
    private final SyncConfig config;
    private final TableSettings settings;
    private final TypeConverter converter;
    private volatile Map<String, TableContext> tables = Map.of();
    private volatile MappingResolver.Resolved resolved;
    private final MappingConfiguration mapping;
    private final FieldProtector protector;
    private List<String> lastNotes = List.of();

    TableCatalog(SchemaDiscovery discovery, @Any Instance<DocumentCustomizer> customizers, CaptureModes captureModes,
            SyncConfig config, MappingConfiguration mapping, FieldProtector protector, TableSettings settings) {
        this.mapping = mapping;
        this.protector = protector;
        this.discovery = discovery;
        this.customizers = customizers;
        this.captureModes = captureModes;
        this.config = config;
        this.settings = settings;
        this.converter = new TypeConverter(TypeOptions.from(config));
    }

    /** The configured table names, in run order. */
    public List<String> configuredTables() {
        return config.tables().stream().map(String::trim).toList();
    }

    /**
     * Discovers every configured table. Throws {@link io.mysqlmongosync.source.SchemaException} when one cannot be
     * synced (missing, no primary key) and {@link SQLException} when MySQL cannot be reached.
     */
    public Map<String, TableContext> discover() throws SQLException {
        return discover(true);
    }

    /** As {@link #discover()}; {@code retry} false fails fast (start-up) instead of retrying an unreachable server. */
    public synchronized Map<String, TableContext> discover(boolean retry) throws SQLException {
        MappingSpec spec = mapping.spec(); // a broken mapping file fails before MySQL is even asked
        Map<String, TableSchema> schemas = new LinkedHashMap<>();
        for (String table : configuredTables()) {
            schemas.put(table, retry ? discovery.discover(table) : discovery.discoverOnce(table));
        }
        @SuppressWarnings("unchecked")
        List<String>[] existing = new List[1];
        Map<String, Optional<TableSchema>> others = new HashMap<>();
        MappingResolver.Resolved resolved;
        try {
            resolved = MappingResolver.resolve(spec, schemas.keySet(), name -> {
            if (schemas.containsKey(name)) {
                return Optional.of(schemas.get(name));
            }
            return others.computeIfAbsent(name, n -> {
                try {
                    if (existing[0] == null) {
                        existing[0] = discovery.tableNames();
                    }
                    return existing[0].contains(n) ? Optional.of(retry ? discovery.discover(n) : discovery.discoverOnce(n))
                            : Optional.empty();
                } catch (SQLException e) {
                    throw new DiscoveryFailed(e);
                }
            });
        });
        } catch (DiscoveryFailed e) {
            throw (SQLException) e.getCause();
        }
        if (!resolved.notes().equals(lastNotes)) {
            resolved.notes().forEach(n -> LOG.warn(n));
            lastNotes = resolved.notes();
        }
        Map<String, TableContext> found = new LinkedHashMap<>();
        for (Map.Entry<String, TableSchema> e : schemas.entrySet()) {
            String table = e.getKey();
            found.put(table, context(e.getValue(), collectionFor(table, resolved), resolved));
        }
        // Tables read only to be embedded: synced right after the last table whose documents hold them.
        for (String source : resolved.embeddedTables()) {
            if (!found.containsKey(source)) {
                TableSchema schema = others.get(source).orElseThrow();
                found.put(source, context(schema, null, resolved));
            }
        }
        tables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(found)); // keep run order
        this.resolved = resolved;
        return found;
    }

    private TableContext context(TableSchema schema, String collection, MappingResolver.Resolved resolved) {
        String name = schema.name();
        protector.check(schema); // a misspelt protected column stops here, before anything is written
        TableContext table = new TableContext(schema, new RowConverter(schema, converter), customizerFor(name),
                collection, softDeleteColumnFor(schema), resolved.mapper(name),
                resolved.relationships().stream().filter(r -> r.parent().equals(name)).toList(),
                resolved.relationships().stream().filter(r -> r.source().equals(name)).toList(),
                captureModes.modeFor(name, schema.changeColumn().isPresent()));
        captureModes.checkSupported(table);
        return table;
    }

    /** The application's customizer bean named like {@code table}, or null. */
    private DocumentCustomizer customizerFor(String table) {
        Instance<DocumentCustomizer> named = customizers.select(NamedLiteral.of(table.toLowerCase(Locale.ROOT)));
        return named.isResolvable() ? named.get() : null;
    }

    /** The mapping as last resolved against the tables (null before the first discovery). */
    public MappingResolver.Resolved resolvedMapping() {
        return resolved;
    }

    /** The mapping file in use. */
    public MappingSpec mappingSpec() {
        return mapping.spec();
    }

    /** Carries a discovery failure out of the resolver's table lookup. */
    private static final class DiscoveryFailed extends RuntimeException {
        DiscoveryFailed(SQLException cause) {
            super(cause);
        }
    }

    /** The prepared tables, discovering them first if that has not happened yet. */
    public Map<String, TableContext> tables() throws SQLException {
        Map<String, TableContext> t = tables;
        return t.isEmpty() ? discover() : t;
    }

    /** Whether the tables were discovered (not yet when MySQL could not be reached since start-up). */
    public boolean discovered() {
        return !tables.isEmpty();
    }

    /** The prepared table {@code name}, if it is configured and discovered. */
    public Optional<TableContext> table(String name) {
        return Optional.ofNullable(tables.get(name));
    }

    /** The collection of every configured table discovered so far (a table not discovered yet has none known). */
    @Override
    public List<String> collections() {
        List<String> out = new java.util.ArrayList<>();
        for (String table : configuredTables()) {
            table(table).map(TableContext::collection).ifPresent(out::add);
        }
        return out;
    }

    /** Whether {@code name} is one of the configured tables. */
    public boolean isConfigured(String name) {
        return configuredTables().contains(name);
    }

    /** SYNC_&lt;TABLE&gt;_SOFT_DELETE_COLUMN, else the first of SYNC_SOFT_DELETE_COLUMNS the table has; "none" disables. */
    private String softDeleteColumnFor(TableSchema schema) {
        Optional<TableSettings.Setting> configured = settings.softDeleteColumn(schema.name());
        if (configured.isPresent()) {
            String column = configured.get().value();
            if (column.equalsIgnoreCase("none")) {
                return null;
            }
            return schema.column(column).map(c -> c.name()).orElseThrow(() -> new InvalidSettingException(
                    configured.get().variable(), column, "is not a column of table " + schema.name()));
        }
        return config.softDeleteColumns().stream().filter(c -> !c.equalsIgnoreCase("none"))
                .map(schema::column).flatMap(Optional::stream).map(c -> c.name()).findFirst().orElse(null);
    }

    /** SYNC_&lt;TABLE&gt;_COLLECTION, else the mapping file's collection, else the table name. */
    private String collectionFor(String table, MappingResolver.Resolved resolved) {
        String variable = TableSettings.variable(table, "COLLECTION");
        String name = settings.collection(table).map(TableSettings.Setting::value)
                .orElseGet(() -> resolved.collections().getOrDefault(table, table));
        if (!COLLECTION.matcher(name).matches() || name.startsWith("system.") || name.startsWith("_sync")) {
            throw new InvalidSettingException(variable, name,
                    "is not a usable collection name (letters, digits, _ . -; not system.* or _sync*)");
        }
        return name;
    }
}
