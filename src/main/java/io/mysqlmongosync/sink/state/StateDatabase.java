package io.mysqlmongosync.sink.state;

import io.mysqlmongosync.sink.TargetDatabase;
import io.quarkus.arc.Unremovable;
import io.quarkus.mongodb.panache.common.MongoDatabaseResolver;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Puts the state entities in the database the service writes to ({@link TargetDatabase}, MONGODB_DATABASE), read
 * on every access: Panache would otherwise remember the database name it first saw for as long as its classes live.
 */
@ApplicationScoped
@Unremovable // looked up by Panache, injected nowhere
public class StateDatabase implements MongoDatabaseResolver {

    private final TargetDatabase target;

    StateDatabase(TargetDatabase target) {
        this.target = target;
    }

    @Override
    public String resolve() {
        return target.name();
    }
}
