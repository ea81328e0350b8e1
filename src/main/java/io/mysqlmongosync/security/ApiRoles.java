package io.mysqlmongosync.security;

/** The two roles of the control API. An operator is also a viewer. */
public final class ApiRoles {

    /** May change things: trigger, pause, resume, interval, reset, and every future verify/repair/reconcile. */
    public static final String OPERATOR = "sync-operator";
    /** May read status, health, history, tables and the audit trail. */
    public static final String VIEWER = "sync-viewer";

    private ApiRoles() {
    }
}
