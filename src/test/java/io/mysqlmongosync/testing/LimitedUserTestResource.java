package io.mysqlmongosync.testing;

import java.util.Map;

/**
 * {@link SyncTestResource} whose service logs in as a MariaDB user with table-level SELECT grants only, created
 * (for both {@code 'user'@'%'} and {@code 'user'@'localhost'}, since a local TCP login may match either) before the
 * service starts. Args as for {@link SyncTestResource}, plus {@code user}, {@code password} and {@code grants}
 * (comma-separated tables that get SELECT).
 */
public class LimitedUserTestResource extends SyncTestResource {

    /** The hosts every test user is created for. */
    public static final String[] HOSTS = {"%", "localhost"};

    private String database;
    private String user;
    private String password;
    private String grants;

    @Override
    public void init(Map<String, String> initArgs) {
        super.init(initArgs);
        database = initArgs.get("database");
        user = initArgs.get("user");
        password = initArgs.get("password");
        grants = initArgs.getOrDefault("grants", "");
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> props = new java.util.HashMap<>(super.start());
        for (String host : HOSTS) {
            TestDatabase.exec(database, "DROP USER IF EXISTS '" + user + "'@'" + host + "'");
            TestDatabase.exec(database, "CREATE USER '" + user + "'@'" + host + "' IDENTIFIED BY '" + password + "'");
            for (String table : grants.split(",")) {
                if (!table.isBlank()) {
                    TestDatabase.exec(database, "GRANT SELECT ON `" + database + "`.`" + table.trim() + "` TO '" + user
                            + "'@'" + host + "'");
                }
            }
        }
        props.put("quarkus.datasource.username", user);
        props.put("quarkus.datasource.password", password);
        return props;
    }
}
