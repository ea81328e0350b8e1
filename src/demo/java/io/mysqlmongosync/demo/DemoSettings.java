package io.mysqlmongosync.demo;

import java.nio.file.Path;

/**
 * The demo's own knobs ({@code DEMO_*}), read from a system property of the same name or the environment. They
 * only steer the embedded servers, the generated data and the background writer; the service itself is
 * configured as in production (MYSQL_*, MONGODB_*, SYNC_*).
 *
 * @param rows            approximate number of rows generated over all tables (DEMO_ROWS)
 * @param mysqlPort       port of the embedded MariaDB (DEMO_MYSQL_PORT)
 * @param mongoPort       port of the embedded MongoDB wire server (DEMO_MONGO_PORT)
 * @param dataDir         where the MariaDB binaries and data files live; kept across restarts (DEMO_DATA_DIR)
 * @param reset           start from an empty data directory (DEMO_RESET)
 * @param writerSeconds   seconds between two rounds of the background writer, 0 turns it off (DEMO_WRITER_SECONDS)
 * @param httpPort        the service's HTTP port, shown in the banner (HTTP_PORT)
 */
public record DemoSettings(int rows, int mysqlPort, int mongoPort, Path dataDir, boolean reset,
        int writerSeconds, int httpPort) {

    /** Database the demo creates in the embedded MariaDB. */
    public static final String DATABASE = "ecommerce";
    /** Account the service and the writer use (created by the demo, all rights on {@link #DATABASE}). */
    public static final String USER = "demo";
    /** Password of {@link #USER}; a demo, so it is printed in the banner. */
    public static final String PASSWORD = "demo";

    /** Reads the settings; a bad number stops the demo with a message naming the variable. */
    public static DemoSettings load() {
        return new DemoSettings(
                number("DEMO_ROWS", 50_000, 500, 20_000_000),
                number("DEMO_MYSQL_PORT", 3307, 1, 65_535),
                number("DEMO_MONGO_PORT", 27018, 1, 65_535),
                Path.of(get("DEMO_DATA_DIR", "target/demo-data")).toAbsolutePath(),
                Boolean.parseBoolean(get("DEMO_RESET", "false")),
                number("DEMO_WRITER_SECONDS", 5, 0, 3600),
                number("HTTP_PORT", 8080, 1, 65_535));
    }

    /** JDBC URL of the demo database on the embedded MariaDB. */
    public String jdbcUrl() {
        return "jdbc:mysql://127.0.0.1:" + mysqlPort + "/" + DATABASE;
    }

    /**
     * A JDBC connection to the demo database as the demo account. The driver is called directly rather than
     * through DriverManager, whose service lookup does not see Quarkus' class loader before start-up.
     */
    public java.sql.Connection connect() throws java.sql.SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return new com.mysql.cj.jdbc.Driver().connect(jdbcUrl(), p);
    }

    /** Connection string of the embedded MongoDB. */
    public String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** A system property, else the environment variable, else {@code fallback}. */
    static String get(String name, String fallback) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static int number(String name, int fallback, int min, int max) {
        String raw = get(name, Integer.toString(fallback));
        try {
            int n = Integer.parseInt(raw);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "='" + raw + "' must be a whole number from " + min + " to " + max);
    }
}
