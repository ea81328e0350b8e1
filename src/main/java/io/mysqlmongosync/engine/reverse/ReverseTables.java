package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.mapping.MappingConfiguration;
import io.mysqlmongosync.mapping.spec.CollectionSpec;
import io.mysqlmongosync.mapping.spec.ReverseSwitches;
import io.mysqlmongosync.source.reverse.WriteGrants;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Which tables have edits made in MongoDB written back (opt-in, off by default): those named by
 * {@code SYNC_REVERSE_TABLES} (updates only) and those whose collection has a {@code reverse:} block in the mapping
 * file (which also can switch a listed table off with {@code updates: false}, switches new documents on with
 * {@code inserts: true} and writes deletes back with {@code deletes: true}). Checked at start-up: every table must be
 * one of SYNC_TABLES, and the MySQL user must hold UPDATE on each (INSERT where inserts are on, DELETE where deletes
 * are written back); a problem stops start-up naming SYNC_REVERSE_TABLES. Deletes need change streams
 * ({@link ReverseCapture#check}). When MySQL cannot be reached at start-up the grants are checked by the first
 * reverse pass.
 */
@ApplicationScoped
public class ReverseTables {

    /** The variable that opts tables in. */
    public static final String VARIABLE = "SYNC_REVERSE_TABLES";

    private static final Logger LOG = Logger.getLogger(ReverseTables.class);

    private final SyncConfig config;
    private final MappingConfiguration mapping;
    private final WriteGrants grants;
    private final ReverseCapture capture;
    private volatile boolean grantsChecked;

    ReverseTables(SyncConfig config, MappingConfiguration mapping, WriteGrants grants, ReverseCapture capture) {
        this.config = config;
        this.mapping = mapping;
        this.grants = grants;
        this.capture = capture;
    }

    void onStart(@Observes StartupEvent event) {
        Set<String> tables = tables();
        if (tables.isEmpty()) {
            return;
        }
        capture.check(tables, deleting());
        try {
            checkGrants();
            LOG.infof("Edits made in MongoDB are written back to MySQL (updates%s) for: %s (%s)",
                    deleting().isEmpty() ? "" : "; deletes for " + deleting(), tables,
                    capture.streaming() ? "change streams" : "polling " + config.reverseChangeField());
            List<String> inserting = tables.stream().filter(this::inserts).toList();
            if (!inserting.isEmpty()) {
                LOG.infof("New documents made in MongoDB are inserted into MySQL for: %s", inserting);
            }
        } catch (SQLException e) {
            LOG.warnf("MySQL is not reachable at start-up (%s): the write grants of %s are checked by the first"
                    + " reverse pass", e.getMessage(), VARIABLE);
        }
    }

    /** The opted-in tables, in SYNC_TABLES order; throws naming the variable when one is not a synced table. */
    public Set<String> tables() {
        return resolve(config.tables(), config.reverseTables().orElse(List.of()), mapping.spec().collections());
    }

    /**
     * The opted-in tables among {@code synced} (SYNC_TABLES): those of {@code reverse} (SYNC_REVERSE_TABLES, each of
     * which must be synced) and those whose collection has a {@code reverse:} block with updates, inserts or
     * deletes on; a
     * block with both off switches a listed table off.
     */
    static Set<String> resolve(List<String> synced, List<String> reverse, List<CollectionSpec> collections) {
        List<String> names = synced.stream().map(String::trim).toList();
        Set<String> out = new LinkedHashSet<>();
        for (String t : reverse) {
            String table = t.trim();
            if (!names.contains(table)) {
                throw new InvalidSettingException(VARIABLE, String.join(",", reverse),
                        "'" + table + "' is not one of SYNC_TABLES " + names);
            }
            out.add(table);
        }
        for (CollectionSpec c : collections) {
            ReverseSwitches r = c.reverse();
            if (r != null && (r.updates() || r.inserts() || r.deletes()) && names.contains(c.table())) {
                out.add(c.table());
            } else if (r != null && !r.updates() && !r.inserts() && !r.deletes()) {
                out.remove(c.table());
            }
        }
        return names.stream().filter(out::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The opted-in tables whose deletes are written back too (mapping file {@code reverse: {deletes: true}}). */
    public Set<String> deleting() {
        return tables().stream().filter(t -> switches(t).map(ReverseSwitches::deletes).orElse(false))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Whether {@code table}'s edits are written back. */
    public boolean enabled(String table) {
        return tables().contains(table);
    }

    /** Whether {@code table}'s edited documents update their rows (opted in, and not switched off by its block). */
    public boolean updates(String table) {
        return enabled(table) && switches(table).map(ReverseSwitches::updates).orElse(true);
    }

    /** Whether {@code table}'s new documents (no {@code _sync}) insert rows: its block says {@code inserts: true}. */
    public boolean inserts(String table) {
        return enabled(table) && switches(table).map(ReverseSwitches::inserts).orElse(false);
    }

    /** The reverse switches of {@code table}'s collection in the mapping file, if it has a block. */
    public Optional<ReverseSwitches> switches(String table) {
        return mapping.spec().forTable(table).map(CollectionSpec::reverse);
    }

    /**
     * Checks (once) that the MySQL user may UPDATE every opted-in table (a conflict the document wins is an UPDATE,
     * also for a new document), INSERT into those with inserts on and DELETE from those writing deletes back; throws
     * naming what is missing.
     */
    public void checkGrants() throws SQLException {
        if (grantsChecked) {
            return;
        }
        List<String> missing = grants.missing(privileges(tables(), this::inserts, deleting()::contains));
        if (!missing.isEmpty()) {
            throw new InvalidSettingException(VARIABLE, String.join(",", tables()),
                    "the MySQL user lacks " + String.join(", ", missing) + " (GRANT them, or remove the table)");
        }
        grantsChecked = true;
    }

    /**
     * The privileges the reverse direction needs on each of {@code tables}: UPDATE and SELECT, INSERT too where
     * inserts are on, DELETE where deletes are written back.
     */
    static Map<String, Collection<String>> privileges(Set<String> tables, Predicate<String> inserts,
            Predicate<String> deletes) {
        Map<String, Collection<String>> needed = new LinkedHashMap<>();
        for (String t : tables) {
            List<String> p = new java.util.ArrayList<>(List.of("UPDATE", "SELECT"));
            if (inserts.test(t)) {
                p.add("INSERT");
            }
            if (deletes.test(t)) {
                p.add("DELETE");
            }
            needed.put(t, List.copyOf(p));
        }
        return needed;
    }
}
