package io.mysqlmongosync.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.mysqlmongosync.engine.SyncEngine;
import io.mysqlmongosync.engine.TableResult;
import io.quarkus.arc.Arc;
import java.sql.SQLException;
import java.util.List;
import org.bson.Document;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;

/**
 * What most engine tests of a {@code @QuarkusTest} class work with: the engine, the service's MongoDB client and the
 * collections of the class's target database (the one its test resource configures).
 */
public abstract class EngineFixture {

    /** The service's engine. */
    protected SyncEngine engine;

    /** The service's MongoDB client. */
    protected MongoClient mongo;

    @BeforeEach
    void lookUpEngineAndMongo() {
        engine = Arc.container().instance(SyncEngine.class).get();
        mongo = Arc.container().instance(MongoClient.class).get();
    }

    /** A collection of the target database ({@code quarkus.mongodb.database}). */
    protected MongoCollection<Document> coll(String name) {
        return mongo.getDatabase(ConfigProvider.getConfig().getValue("quarkus.mongodb.database", String.class))
                .getCollection(name);
    }

    /** One manual incremental pass over {@code table}: its result. */
    protected TableResult pass(String table) throws SQLException {
        return engine.run("manual", List.of(table), false).tables().get(0);
    }
}
