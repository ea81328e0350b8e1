package io.mysqlmongosync.engine.port;

/**
 * What the connection checks say of the service's two dependencies ({@code mysql} and {@code mongodb}), for the
 * decisions of the engine that depend on them (a pause that ends once its cause is fixed).
 */
public interface Dependencies {

    /**
     * The current problem of {@code dependency} ({@code mysql} or {@code mongodb}) as one line naming what to fix,
     * or null when its check passes. Answers within about a second whatever the dependency does.
     */
    String problem(String dependency);
}
