package io.mysqlmongosync.engine.reverse;

import io.mysqlmongosync.testing.SyncTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link ReversePolicyCase} under SYNC_CONFLICT_POLICY=target-wins. */
@QuarkusTest
@WithTestResource(value = SyncTestResource.class, initArgs = {
    @ResourceArg(name = "database", value = TargetWinsReverseIT.DB),
    @ResourceArg(name = "schema", value = "/db/reverse.sql"),
    @ResourceArg(name = "tables", value = "products"),
    @ResourceArg(name = "sync.reverse-tables", value = "products"),
    @ResourceArg(name = "sync.mapping-file", value = "src/test/resources/mapping/reverse_policy.yaml"),
    @ResourceArg(name = "sync.conflict-policy", value = "target-wins"),
    @ResourceArg(name = "sync.safety-lag-seconds", value = "0")})
class TargetWinsReverseIT extends ReversePolicyCase {

    static final String DB = "mms_reverse_target";

    @Override
    String db() {
        return DB;
    }

    @Override
    boolean documentWins() {
        return true;
    }
}
