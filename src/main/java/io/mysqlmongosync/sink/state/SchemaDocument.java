package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;

/**
 * One table's schema snapshot in {@code _sync_schemas}: its columns ({@code name}, {@code column_type},
 * {@code kind}), primary key and change column as last seen, why it is blocked (or null) and its last drift events.
 */
@MongoEntity(collection = SchemaDocument.COLLECTION)
public class SchemaDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_schemas";

    /** The table name. */
    @BsonId
    public String table;
    /** The columns; absent after a reset cleared the snapshot. */
    public List<Document> columns;
    /** The primary-key column names. */
    @BsonProperty("primary_key")
    public List<String> primaryKey;
    /** The change column, or null. */
    @BsonProperty("change_column")
    public String changeColumn;
    /** When the schema was last compared. */
    @BsonProperty("seen_at")
    public Date seenAt;
    /** Why the table is blocked, or null. */
    public String blocked;
    /** The last drift events, oldest first ({@code change}, {@code column}, {@code description}, {@code unsafe}, {@code at}). */
    public List<Document> events;
}
