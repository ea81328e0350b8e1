package io.mysqlmongosync.source.binlog;

import java.util.Objects;

/**
 * A place in the source's binary log at a transaction boundary: the file and the offset of the next event and,
 * when the server has GTIDs, the GTID set of everything up to it (MariaDB {@code @@gtid_binlog_pos} such as
 * {@code 0-1-42}, or a MySQL {@code @@gtid_executed} set). A stream resumes from the GTID set when there is one,
 * else from the file and offset.
 *
 * @param file binlog file name, e.g. {@code binlog.000003}
 * @param position offset of the next event in that file
 * @param gtid GTID set at this point, or null/empty when the server has none
 */
public record BinlogPosition(String file, long position, String gtid) {

    /** Validates the parts. */
    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (position < 4) {
            position = 4; // every binlog file starts with its 4-byte magic number
        }
        gtid = gtid == null || gtid.isBlank() ? null : gtid.strip();
    }

    /** Whether the position carries a GTID set. */
    public boolean hasGtid() {
        return gtid != null;
    }

    /** The same place with another GTID set. */
    public BinlogPosition withGtid(String set) {
        return new BinlogPosition(file, position, set);
    }

    /** Text form stored in checkpoints and shown in the status: {@code file:position[;gtid]}. */
    public String encode() {
        return file + ":" + position + (gtid == null ? "" : ";" + gtid);
    }

    /** Parses {@link #encode()}'s form; null for null or blank text. */
    public static BinlogPosition decode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int semi = text.indexOf(';');
        String filePos = semi < 0 ? text : text.substring(0, semi);
        String gtid = semi < 0 ? null : text.substring(semi + 1);
        int colon = filePos.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not a binlog position: '" + text + "'");
        }
        return new BinlogPosition(filePos.substring(0, colon), Long.parseLong(filePos.substring(colon + 1)), gtid);
    }

    @Override
    public String toString() {
        return encode();
    }
}
