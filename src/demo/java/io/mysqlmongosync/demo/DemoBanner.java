package io.mysqlmongosync.demo;

import java.util.Map;

/** The text printed once the demo is up: where everything is and what to try first. */
final class DemoBanner {

    private DemoBanner() {
    }

    static String text(DemoMain.DemoState state, boolean writer) {
        DemoSettings s = state.settings();
        String http = "http://localhost:" + s.httpPort();
        String mongoUri = DemoSettings.get("MONGODB_URI", s.mongoUri());
        String mongoDb = DemoSettings.get("MONGODB_DATABASE", "ecommerce");
        long rows = state.counts().values().stream().mapToLong(Long::longValue).sum();
        String line = "=".repeat(100);
        StringBuilder b = new StringBuilder("\n").append(line).append('\n')
                .append("  mysql-mongo-sync DEMO is running (stop it with Ctrl+C)\n").append(line).append('\n');
        if (state.embeddedMysql()) {
            b.append(String.format("  Source  embedded MariaDB   127.0.0.1:%d  database %s  user %s  password %s%n",
                    s.mysqlPort(), DemoSettings.DATABASE, DemoSettings.USER, DemoSettings.PASSWORD));
            b.append(String.format("          mysql -h 127.0.0.1 -P %d -u %s -p%s %s%n", s.mysqlPort(), DemoSettings.USER,
                    DemoSettings.PASSWORD, DemoSettings.DATABASE));
            b.append(String.format("          %,d rows: %s%n", rows, describe(state.counts())));
            if (writer) {
                b.append(String.format("          a background writer changes a few rows every %d s (orders, prices, stock, deletes)%n",
                        s.writerSeconds()));
            }
        } else {
            b.append("  Source  MySQL/MariaDB from MYSQL_HOST=").append(DemoSettings.get("MYSQL_HOST", "")).append('\n');
        }
        b.append(String.format("  Target  %s MongoDB  %s  database %s%n", state.embeddedMongo() ? "embedded" : "external",
                mongoUri, mongoDb));
        b.append(String.format("          mongosh %s/%s   then e.g.  db.products.findOne()%n", mongoUri, mongoDb));
        b.append(String.format("  Data    %s%n", s.dataDir()));
        String mode = DemoSettings.get("SYNC_CAPTURE_MODE", "auto");
        b.append("binlog".equalsIgnoreCase(mode)
                ? "  The first sync loads every table now; then each table streams its changes from the binlog as they\n"
                        + "  commit (SYNC_CAPTURE_MODE=binlog); the streams are supervised every few seconds.\n"
                : "  The first sync runs now, then every minute (SYNC_INTERVAL_MINUTES); with SYNC_CAPTURE_MODE=auto\n"
                        + "  a source whose binlog can be read streams instead (see the log).\n").append(line).append('\n')
                .append("  Page        ").append(http).append("/  (tables, runs, verification; pause, resume, trigger)\n")
                .append("  Status      ").append(http).append("/sync/status\n")
                .append("  Tables      ").append(http).append("/sync/tables\n")
                .append("  History     ").append(http).append("/sync/history\n")
                .append("  Sync health ").append(http).append("/sync/health\n")
                .append("  Health      ").append(http).append("/q/health  (live: /q/health/live, ready: /q/health/ready)\n")
                .append("  Metrics     ").append(http).append("/q/metrics\n")
                .append("  API docs    ").append(http).append("/q/swagger-ui  (OpenAPI: /q/openapi)\n")
                .append(line).append('\n')
                .append("  Try:\n")
                .append("    curl -s ").append(http).append("/sync/status\n")
                .append("    curl -s -X POST ").append(http).append("/sync/trigger\n")
                .append("    curl -s -X POST ").append(http).append("/sync/trigger -H 'Content-Type: application/json'"
                        + " -d '{\"tables\": [\"products\"], \"force_full_sync\": true}'\n")
                .append("    curl -s -X POST ").append(http).append("/sync/pause\n")
                .append("    curl -s -X POST ").append(http).append("/sync/resume\n")
                .append("    curl -s -X PUT ").append(http).append("/sync/interval -H 'Content-Type: application/json'"
                        + " -d '{\"interval_minutes\": 5}'\n")
                .append(line).append('\n');
        return b.toString();
    }

    private static String describe(Map<String, Long> counts) {
        StringBuilder b = new StringBuilder();
        counts.forEach((t, n) -> b.append(b.length() == 0 ? "" : ", ").append(t).append(' ').append(String.format("%,d", n)));
        return b.toString();
    }
}
