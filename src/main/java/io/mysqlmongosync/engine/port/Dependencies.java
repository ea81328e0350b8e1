package io.mysqlmongosync.engine.port;

import java.util.List;

/**
 * What the connection checks say of the service's two dependencies ({@code mysql} and {@code mongodb}): for the
 * status (never green while a dependency refuses the sync) and for a pause that ends once its cause is fixed.
 */
public interface Dependencies {

    /** The dependencies, in report order. */
    List<String> NAMES = List.of("mysql", "mongodb");

    /**
     * One dependency as its check last saw it.
     *
     * @param state {@code ok}; {@code refused} (it answers but refuses what the sync needs: login, database,
     *     privileges, writes, space); or {@code unreachable} (no answer, unknown host, no answer in time)
     * @param message one line naming what is wrong and the variable to fix, or null when ok
     */
    record State(String state, String message) {

        /** A dependency whose check passes. */
        public static final State OK = new State("ok", null);

        /** Whether the check passes. */
        public boolean ok() {
            return "ok".equals(state);
        }
    }

    /**
     * {@code dependency} ({@code mysql} or {@code mongodb}) as its check sees it: a check at most a second old, or a
     * new one. Answers within about a second whatever the dependency does.
     */
    State state(String dependency);
}
