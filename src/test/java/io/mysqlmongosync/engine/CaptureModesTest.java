package io.mysqlmongosync.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mysqlmongosync.config.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptureModesTest {

    private static final List<String> NAMES = List.of("rescan", "timestamp");

    @Test
    void anUnknownModeIsRefusedNamingTheVariableAndTheAllowedValues() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> CaptureModes.check("SYNC_CAPTURE_MODE", "trigger", NAMES));
        assertEquals("SYNC_CAPTURE_MODE", e.variable());
        assertEquals("Invalid configuration: SYNC_CAPTURE_MODE='trigger' must be one of auto, polling, rescan, timestamp",
                e.getMessage());
        e = assertThrows(InvalidSettingException.class,
                () -> CaptureModes.check(CaptureModes.variableFor("orders"), "binlog", NAMES));
        assertEquals("Invalid configuration: SYNC_ORDERS_CAPTURE_MODE='binlog' must be one of auto, polling, rescan, timestamp",
                e.getMessage());
    }

    @Test
    void knownModesAreAcceptedWhateverTheirCase() {
        assertEquals("auto", CaptureModes.check("SYNC_CAPTURE_MODE", "auto", NAMES));
        assertEquals("rescan", CaptureModes.check("SYNC_CAPTURE_MODE", " Rescan ", NAMES));
        assertEquals("timestamp", CaptureModes.check("SYNC_X_CAPTURE_MODE", "TIMESTAMP", NAMES));
    }
}
