package io.mysqlmongosync.mapping.spec;

/**
 * A collection's {@code reverse:} block in the mapping file: which edits made in MongoDB are written back to its
 * table. Updates and inserts are written back by this version, and deletes where MongoDB offers change streams
 * (checked at start-up).
 *
 * @param updates changed documents update their row
 * @param inserts new documents (without {@code _sync}) insert a row
 * @param deletes deleted documents delete their row
 * @param line where the block is written
 */
public record ReverseSwitches(boolean updates, boolean inserts, boolean deletes, int line) {
}
