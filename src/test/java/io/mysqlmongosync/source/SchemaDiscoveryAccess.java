package io.mysqlmongosync.source;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.schema.TableSchema;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Schema discovery outside Quarkus for tests: the change columns are the defaults (updated_at, created_at). */
public final class SchemaDiscoveryAccess {

    private SchemaDiscoveryAccess() {
    }

    /** Discovers {@code table} through {@code c}. */
    public static TableSchema discover(Connection c, String table) throws SQLException {
        SyncConfig config = (SyncConfig) Proxy.newProxyInstance(SyncConfig.class.getClassLoader(),
                new Class<?>[] {SyncConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "changeColumns" -> List.of("updated_at", "created_at");
                    case "createdColumn" -> "created_at";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SchemaDiscovery(null, config).discover(c, table);
    }
}
