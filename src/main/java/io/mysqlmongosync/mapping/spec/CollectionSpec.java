package io.mysqlmongosync.mapping.spec;

import java.util.List;

/**
 * One collection of the mapping file.
 *
 * @param collection the collection name (the key in the file)
 * @param table the source table
 * @param fields how the table's columns become fields
 * @param embeds the relationships copied into each document
 * @param line where the collection starts in the file (0 for the built-in mapping)
 * @param reverse the collection's {@code reverse:} block (edits made in MongoDB written back), or null when absent
 * @param intervalMinutes the table's own schedule ({@code interval_minutes:}, {@value
 *     io.mysqlmongosync.config.SettingBounds#INTERVAL_MINUTES_FROM_TO}), or null when it follows the
 *     default one; SYNC_&lt;TABLE&gt;_INTERVAL_MINUTES wins over it
 * @param repairIntervalMinutes the table's own scheduled repair ({@code repair_interval_minutes:},
 *     {@value io.mysqlmongosync.config.SettingBounds#REPAIR_INTERVAL_MINUTES_FROM_TO}),
 *     or null when it follows SYNC_REPAIR_INTERVAL_MINUTES; SYNC_&lt;TABLE&gt;_REPAIR_INTERVAL_MINUTES wins over it
 */
public record CollectionSpec(String collection, String table, FieldMapping fields, List<EmbedSpec> embeds, int line,
        ReverseSwitches reverse, Integer intervalMinutes, Integer repairIntervalMinutes) {

    /** A collection without its own repair schedule. */
    public CollectionSpec(String collection, String table, FieldMapping fields, List<EmbedSpec> embeds, int line,
            ReverseSwitches reverse, Integer intervalMinutes) {
        this(collection, table, fields, embeds, line, reverse, intervalMinutes, null);
    }

    /** A collection without its own schedule. */
    public CollectionSpec(String collection, String table, FieldMapping fields, List<EmbedSpec> embeds, int line,
            ReverseSwitches reverse) {
        this(collection, table, fields, embeds, line, reverse, null);
    }

    /** A collection without a {@code reverse:} block. */
    public CollectionSpec(String collection, String table, FieldMapping fields, List<EmbedSpec> embeds, int line) {
        this(collection, table, fields, embeds, line, null);
    }
}
