package io.mysqlmongosync.sink;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.port.Conflict;
import io.mysqlmongosync.engine.port.DocumentSink;
import io.mysqlmongosync.engine.port.TargetDocument;
import io.mysqlmongosync.engine.port.WriteOutcome;
import io.mysqlmongosync.engine.port.WriteFence;
import io.mysqlmongosync.engine.port.WritePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The MongoDB {@link DocumentSink}: one unordered bulk of upserts and deletes per batch ({@link BulkUpserter}, with
 * its retries), then the conflicts it met logged and recorded in {@code _sync_conflicts} ({@link ConflictStore}).
 */
@ApplicationScoped
public class MongoDocumentSink implements DocumentSink {

    private static final Logger LOG = Logger.getLogger(MongoDocumentSink.class);

    private final BulkUpserter writer;
    private final ConflictStore conflicts;
    private final String conflictPolicy;

    MongoDocumentSink(BulkUpserter writer, ConflictStore conflicts, SyncConfig config) {
        this.writer = writer;
        this.conflicts = conflicts;
        this.conflictPolicy = config.conflictPolicy();
    }

    @Override
    public WriteOutcome write(Destination to, List<TargetDocument> documents, List<Object> deletes,
            WritePolicy policy, WriteFence fence) {
        WriteOutcome out = writer.write(to.collection(), documents, deletes, policy, fence);
        if (!out.conflicts().isEmpty()) {
            for (Conflict c : out.conflicts()) {
                LOG.warnf("Conflict in table %s (_id=%s): MongoDB side changed after the sync; %s wins (%s)",
                        to.table(), c.id(), c.winner(), conflictPolicy);
            }
            conflicts.record(to.table(), to.collection(), conflictPolicy, out.conflicts());
        }
        return out;
    }
}
