package io.mysqlmongosync.engine;

/**
 * Explains a connection the engine cannot use, as the connection checks see it (implemented in {@code health}, so
 * the engine knows no probe or driver): one log line naming the problem and the variable to fix.
 */
public interface ConnectionDiagnosis {

    /**
     * Checks MySQL now (waiting up to about two seconds) and logs what is wrong.
     *
     * @return whether a problem was found (and logged)
     */
    boolean explainMySql();
}
