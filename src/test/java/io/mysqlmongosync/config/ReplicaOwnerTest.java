package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replica identity: SYNC_OWNER when set, else one stable for the pod or host. */
class ReplicaOwnerTest {

    @Test
    void syncOwnerWinsAndABlankOneIsUnset() {
        assertEquals("replica-a", ReplicaOwner.of(ConfigUnderTest.build(Map.of("sync.owner", "replica-a"))));
        assertEquals(ReplicaOwner.ofHost(), ReplicaOwner.of(ConfigUnderTest.build(Map.of("sync.owner", " "))));
        assertEquals(ReplicaOwner.ofHost(), ReplicaOwner.of(ConfigUnderTest.build(Map.of())));
    }

    @Test
    void theHostIdentityIsStableAndNotBlank() {
        String owner = ReplicaOwner.ofHost();
        assertFalse(owner.isBlank());
        assertEquals(owner, ReplicaOwner.ofHost(), "a restarted process in the same pod takes its leases back");
    }
}
