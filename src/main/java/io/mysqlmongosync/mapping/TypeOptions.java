package io.mysqlmongosync.mapping;

import io.mysqlmongosync.config.SyncConfig;
import java.time.ZoneId;

/**
 * The choices the type table leaves open.
 *
 * @param keepMicros add a {@code <column><microsSuffix>} int64 field for DATETIME/TIMESTAMP with fsp &gt; 3
 * @param microsSuffix suffix of that field
 * @param dateAsString DATE as {@code yyyy-MM-dd} string instead of a BSON date
 * @param omitNulls leave NULL columns out of the document
 * @param zone zone the source's DATETIME values are written in
 */
public record TypeOptions(boolean keepMicros, String microsSuffix, boolean dateAsString, boolean omitNulls,
        ZoneId zone) {

    /** The defaults: micros kept, dates as dates, nulls written, UTC. */
    public static TypeOptions defaults() {
        return new TypeOptions(true, "_micros", false, false, ZoneId.of("Z"));
    }

    /** Options from the service configuration. */
    public static TypeOptions from(SyncConfig config) {
        return new TypeOptions(config.keepMicros(), config.microsSuffix(), "string".equalsIgnoreCase(config.dateMode()),
                "omit".equalsIgnoreCase(config.nullMode()), ZoneId.of(config.sourceTimeZone()));
    }
}
