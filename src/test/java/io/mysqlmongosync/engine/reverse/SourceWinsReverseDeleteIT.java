package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.testing.SyncTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ReverseDeletePolicyCase} under SYNC_CONFLICT_POLICY=source-wins. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = SourceWinsReverseDeleteIT.DB),
    @ResourceArg(name = "schema", value = "/db/reverse-stream.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "mongoOplog", value = "true"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/reverse-stream.yaml"),
    @ResourceArg(name = "sync.conflict-policy", value = "source-wins"),
    @ResourceArg(name = "SYNC_CDC_SUPERVISE_EVERY", value = "1s"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class SourceWinsReverseDeleteIT extends ReverseDeletePolicyCase {

    static final String DB = "mms_reverse_delete_source";

    @Override
    String db() {
        return DB;
    }

    @Override
    boolean deleteWins() {
        return false;
    }
}
