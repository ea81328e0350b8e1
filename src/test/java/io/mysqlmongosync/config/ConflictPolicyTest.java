package io.mysqlmongosync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.engine.port.WritePolicy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SYNC_CONFLICT_POLICY has one parser and one list of accepted spellings. */
class ConflictPolicyTest {

    @Test
    void parsesEverySpellingIgnoringCaseAndBlanks() {
        assertEquals(ConflictPolicy.NEWER_WINS, ConflictPolicy.parse("newer-wins"));
        assertEquals(ConflictPolicy.SOURCE_WINS, ConflictPolicy.parse(" Source-Wins "));
        assertEquals(ConflictPolicy.TARGET_WINS, ConflictPolicy.parse("TARGET-WINS"));
        assertEquals(List.of("newer-wins", "source-wins", "target-wins"), ConflictPolicy.accepted());
    }

    @Test
    void anotherValueNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConflictPolicy.parse("mongo-wins"));
        assertEquals("conflict policy 'mongo-wins' must be one of newer-wins, source-wins, target-wins",
                e.getMessage());
    }

    @Test
    void startUpRefusesWhatTheParserRefuses() {
        String m = ConfigUnderTest.failure(Map.of("sync.conflict-policy", "mongo-wins"));
        assertTrue(m.contains(
                "Invalid configuration: SYNC_CONFLICT_POLICY='mongo-wins' must be one of newer-wins, source-wins,"
                        + " target-wins"), m);
        assertEquals(ConflictPolicy.TARGET_WINS,
                ConfigUnderTest.build(Map.of("sync.conflict-policy", "target-wins")).conflict());
        assertEquals(ConflictPolicy.NEWER_WINS, ConfigUnderTest.build(Map.of()).conflict());
    }

    /** DocumentBuilders hands the policy to the write port by constant name until the port takes this enum. */
    @Test
    void theWritePortsEnumHasTheSameConstants() {
        assertEquals(Arrays.stream(ConflictPolicy.values()).map(Enum::name).toList(),
                Arrays.stream(WritePolicy.ConflictPolicy.values()).map(Enum::name).toList());
    }
}
