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

    /**
     * Whether this place is at or before {@code other}, so that a transaction ending here was already applied by a
     * reader that stands at {@code other}. With GTIDs on both sides the GTID sets decide (MariaDB: every domain's
     * sequence number at most the other's; MySQL: the set contained in the other's), since file names differ after
     * a fail-over; otherwise the file (by its numeric suffix) and offset. False when the two cannot be ordered (a
     * replay that is harmless, never a skip of an event not applied).
     */
    public boolean notAfter(BinlogPosition other) {
        if (hasGtid() && other.hasGtid()) {
            if (gtid.contains(":") || other.gtid.contains(":")) {
                return new com.github.shyiko.mysql.binlog.GtidSet(gtid)
                        .isContainedWithin(new com.github.shyiko.mysql.binlog.GtidSet(other.gtid));
            }
            java.util.Map<String, Long> theirs = mariaDbSequences(other.gtid);
            for (java.util.Map.Entry<String, Long> mine : mariaDbSequences(gtid).entrySet()) {
                Long seq = theirs.get(mine.getKey());
                if (seq == null || seq < mine.getValue()) {
                    return false;
                }
            }
            return true;
        }
        int dot = file.lastIndexOf('.');
        int otherDot = other.file.lastIndexOf('.');
        if (dot < 0 || otherDot < 0 || !file.substring(0, dot).equals(other.file.substring(0, otherDot))) {
            return false;
        }
        try {
            long mine = Long.parseLong(file.substring(dot + 1));
            long theirs = Long.parseLong(other.file.substring(otherDot + 1));
            return mine < theirs || mine == theirs && position <= other.position;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The earliest of {@code positions}: one at or before every other (see {@link #notAfter}), where a reader serving
     * them all starts. When none is (places that cannot be ordered), the first one that is before the most others.
     */
    public static BinlogPosition earliest(java.util.Collection<BinlogPosition> positions) {
        BinlogPosition best = null;
        long bestCount = -1;
        for (BinlogPosition p : positions) {
            long before = positions.stream().filter(p::notAfter).count();
            if (before > bestCount) {
                best = p;
                bestCount = before;
            }
        }
        return best;
    }

    /** MariaDB GTID state {@code d-s-n[,d-s-n]} as domain to sequence number. */
    private static java.util.Map<String, Long> mariaDbSequences(String text) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (String g : text.split(",")) {
            String[] parts = g.strip().split("-");
            if (parts.length == 3) {
                out.merge(parts[0], Long.parseLong(parts[2]), Math::max);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return encode();
    }
}
