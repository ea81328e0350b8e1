package io.mysqlmongosync.engine;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Discovers the configured tables at start-up, so a table that cannot be synced (missing, no primary key,
 * bad collection name) stops the service with a clear message instead of failing every run. When MySQL is
 * not reachable yet the service starts anyway, readiness stays DOWN, and discovery is retried by each run.
 */
@ApplicationScoped
public class StartupDiscovery {

    private static final Logger LOG = Logger.getLogger(StartupDiscovery.class);

    void onStart(@Observes StartupEvent event, TableCatalog catalog, ConnectionDiagnosis diagnosis) {
        try {
            catalog.discover(false).values().forEach(t -> LOG.infof("Table %s → collection %s: %d columns, key %s, change column %s",
                    t.name(), t.ownCollection() ? t.collection() : "(embedded only: " + t.feeds().stream().map(r -> r.parent() + "." + r.as()).toList() + ")", t.schema().columns().size(),
                    t.schema().primaryKey().stream().map(c -> c.name()).toList(),
                    t.schema().changeColumn().map(c -> c.name()).orElse("(none: full re-read each pass)")));
        } catch (SQLException e) {
            // The connection check logs one line naming the problem (password, database, privileges) and the
            // variable to fix, and keeps readiness DOWN while it lasts; every run retries discovery.
            if (diagnosis.explainMySql()) {
                return;
            }
            LOG.warnf("MySQL is not reachable at start-up (%s); tables will be discovered by the first run. "
                    + "Check MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD, MYSQL_DATABASE.", e.getMessage());
        }
    }
}
