package io.mysqlmongosync.sink;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import jakarta.enterprise.context.ApplicationScoped;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The MongoDB database the service writes to (MONGODB_DATABASE). */
@ApplicationScoped
public class TargetDatabase {

    private final MongoClient client;
    private final String databaseName;

    TargetDatabase(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String databaseName) {
        this.client = client;
        this.databaseName = databaseName;
    }

    /** The database. */
    public MongoDatabase database() {
        return client.getDatabase(databaseName);
    }

    /** A collection of plain documents. */
    public MongoCollection<Document> collection(String name) {
        return database().getCollection(name);
    }

    /** Whether {@code collection} holds no documents, from its metadata (cheap; it may lag a write in progress). */
    public boolean seemsEmpty(String collection) {
        return collection(collection).estimatedDocumentCount() == 0;
    }

    /** The database name. */
    public String name() {
        return databaseName;
    }
}
