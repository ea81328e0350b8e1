package io.mysqlmongosync.testing;

/**
 * The proxies {@link SyncTestResource} put between the service and its databases (args {@code mysqlProxy=true},
 * {@code mongoProxy=true}), injected into a test's field of this type; a proxy not asked for is null.
 *
 * @param mysql the started proxy in front of MariaDB, or null
 * @param mongo the started proxy in front of the Mongo wire server, or null
 */
public record TestProxies(TcpProxy mysql, TcpProxy mongo) {
}
