package io.mysqlmongosync.engine.port;

/**
 * A table lease as this replica holds it: the owner and the epoch its writes are fenced with.
 *
 * @param table the leased table
 * @param owner the holder (the replica's SYNC_OWNER)
 * @param epoch the fencing token: grows on each take-over by a different owner (and on a checkpoint reset)
 * @param expiresAtMillis the expiry written to {@code _sync_leases}, in epoch milliseconds of this replica's clock
 */
public record Lease(String table, String owner, long epoch, long expiresAtMillis) {
}
