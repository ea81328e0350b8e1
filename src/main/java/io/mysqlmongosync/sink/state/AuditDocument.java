package io.mysqlmongosync.sink.state;

import io.quarkus.mongodb.panache.common.MongoEntity;
import java.util.Date;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.types.ObjectId;

/** One control action in {@code _sync_audit}: who, what, when, from where and the answer's status. */
@MongoEntity(collection = AuditDocument.COLLECTION)
public class AuditDocument {

    /** The collection name. */
    public static final String COLLECTION = "_sync_audit";

    /** Generated on insert. */
    @BsonId
    public ObjectId id;
    /** When. */
    public Date at;
    /** Principal name, or {@code anonymous}. */
    public String who;
    /** What was asked. */
    public String action;
    /** HTTP method, or {@code internal}. */
    public String method;
    /** Request path (cut). */
    public String path;
    /** Remote address. */
    public String from;
    /** The answer's HTTP status code. */
    public Integer status;
    /** {@code success}, {@code unauthenticated}, {@code forbidden} or {@code failed}. */
    public String result;
    /** Extra facts (run id, tables), or absent. */
    public Document detail;
}
