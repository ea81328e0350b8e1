/**
 * The service's own state in MongoDB, as Panache entities ({@code @MongoEntity}) and their repositories: checkpoints
 * ({@code _sync_checkpoints}), leases ({@code _sync_leases}), the control state ({@code _sync_state}), run history
 * ({@code _sync_runs}), conflicts ({@code _sync_conflicts}), the audit trail ({@code _sync_audit}) and schema
 * snapshots ({@code _sync_schemas}).
 *
 * <p>Reads decode into the entities. Writes are explicit, atomic single-document updates through the repository's
 * {@code mongoCollection()} (conditional on owner, epoch or version where several replicas race; an upsert where a
 * document may be missing), so every field is written exactly as named, including the explicit nulls operators and
 * older documents rely on (an entity encoded by the POJO codec would leave null fields out). A method that hands a
 * stored document on as it is (for the API) reads it as a plain {@link org.bson.Document}.
 */
package io.mysqlmongosync.sink.state;
