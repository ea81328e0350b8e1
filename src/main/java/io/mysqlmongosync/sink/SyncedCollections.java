package io.mysqlmongosync.sink;

import java.util.List;

/**
 * The collections the sync writes, as far as they are known now (implemented by the engine's table catalog, so the
 * sink reads them without knowing the engine).
 */
public interface SyncedCollections {

    /** The collection of every configured table discovered so far, in the configured order. */
    List<String> collections();
}
