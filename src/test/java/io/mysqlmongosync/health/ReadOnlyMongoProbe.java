package io.mysqlmongosync.health;

import com.mongodb.MongoCommandException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;

/**
 * The write probe of a MongoDB user with read-only rights. mongo-java-server has no users or roles, so the
 * refusal is simulated with the answer a real server gives to an update without the write privilege.
 */
public class ReadOnlyMongoProbe extends MongoWriteProbe {

    private final String database;

    /** A probe refused on {@code database}. */
    public ReadOnlyMongoProbe(String database) {
        super(null);
        this.database = database;
    }

    @Override
    public void write() {
        throw new MongoCommandException(BsonDocument.parse("{ok: 0.0, code: 13, codeName: 'Unauthorized', errmsg:"
                + " 'not authorized on " + database + " to execute command { update: \"_sync_probe\", ordered: true,"
                + " $db: \"" + database + "\" }'}"), new ServerAddress());
    }
}
