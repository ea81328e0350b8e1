package io.mysqlmongosync.engine.port;

import java.util.List;

/**
 * Where documents go: one idempotent write of a batch (writing the same batch twice changes nothing the second
 * time, which is what makes storing the checkpoint after the write safe to replay). The sink decides per document
 * whether it is new, changed, unchanged (same hash), older than what it holds, or in conflict with an edit made on
 * its side (the {@link WritePolicy} says who wins), records the conflicts, and says what happened.
 *
 * <p>Implementation: {@code sink/MongoDocumentSink} (bulk upserts into a MongoDB collection). The reverse direction
 * writes rows to MySQL behind the same interface.
 *
 * <p>Errors: the sink's own exception is thrown as it is (the MongoDB driver's), after the sink's retries.
 */
public interface DocumentSink {

    /**
     * Writes {@code documents} and removes the documents {@code deletes} (by {@code _id}) in the destination
     * {@code to}; conflicts are recorded before this returns. {@code fence} is the lease the batch is written under:
     * the sink runs its check right before each request that writes, retries included.
     */
    WriteOutcome write(Destination to, List<TargetDocument> documents, List<Object> deletes, WritePolicy policy,
            WriteFence fence) throws Exception;

    /**
     * Where a table's documents are written.
     *
     * @param table the source table (conflicts and logs name it)
     * @param collection the destination collection (the reverse direction: the table)
     */
    record Destination(String table, String collection) {
    }
}
