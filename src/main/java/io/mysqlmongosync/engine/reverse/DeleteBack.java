package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.engine.DocumentBuilders;
import io.mysqlmongosync.engine.TableContext;
import io.mysqlmongosync.engine.port.Checkpoints;
import io.mysqlmongosync.engine.port.WritePolicy.ConflictPolicy;
import io.mysqlmongosync.sink.ConflictStore;
import io.mysqlmongosync.sink.reverse.DeletedDocuments;
import io.mysqlmongosync.source.reverse.RowDeleter;
import io.mysqlmongosync.source.reverse.RowWriter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Writes documents deleted in MongoDB back as row deletes (see {@link DeleteWriteBack}): holds the services a
 * table's delete write-back needs and prepares one per table.
 */
@ApplicationScoped
public class DeleteBack {

    final RowWriter reader;
    final RowDeleter deleter;
    final DeletedDocuments deleted;
    final Checkpoints checkpoints;
    final ConflictStore conflicts;
    final ConflictPolicy policy;
    final String policyName;
    final ZoneId zone;
    private final DocumentBuilders builders;

    DeleteBack(RowWriter reader, RowDeleter deleter, DeletedDocuments deleted, Checkpoints checkpoints,
            ConflictStore conflicts, DocumentBuilders builders, SyncConfig config) {
        this.reader = reader;
        this.deleter = deleter;
        this.deleted = deleted;
        this.checkpoints = checkpoints;
        this.conflicts = conflicts;
        this.builders = builders;
        this.policy = ConflictPolicy.parse(config.conflictPolicy());
        this.policyName = config.conflictPolicy().trim().toLowerCase(Locale.ROOT);
        this.zone = ZoneId.of(config.sourceTimeZone());
    }

    /** The delete write-back of {@code table}. */
    public DeleteWriteBack prepare(TableContext table) {
        return new DeleteWriteBack(this, table, builders.forTable(table));
    }
}
