package io.mysqlmongosync.engine;

import io.mysqlmongosync.sink.LeaseStore;
import io.mysqlmongosync.sink.LoadChunkStore;
import io.mysqlmongosync.sink.LoadChunkStore.SplitLoad;
import io.mysqlmongosync.sink.state.LeaseDocument;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Who holds which table and which chunk of a split load, as the status shows it (read from MongoDB now). */
@ApplicationScoped
class LeaseOverview {

    private final LeaseStore leases;
    private final LoadChunkStore chunks;

    LeaseOverview(LeaseStore leases, LoadChunkStore chunks) {
        this.leases = leases;
        this.chunks = chunks;
    }

    /** {@code table}'s lease document, or null before its first lease. */
    StatusReport.LeaseInfo lease(String table) {
        return info(leases.stored(table));
    }

    /** The chunks of {@code table}'s planned, unfinished split load with their leases, or null when there is none. */
    List<StatusReport.ChunkInfo> chunks(String table) {
        SplitLoad plan = chunks.load(table);
        if (plan == null) {
            return null;
        }
        List<String> ids = plan.chunks().stream().map(c -> LeaseStore.chunkId(table, c.index())).toList();
        Map<String, LeaseDocument> docs = leases.stored(ids).stream()
                .collect(Collectors.toMap(d -> d.table, Function.identity()));
        List<StatusReport.ChunkInfo> out = new ArrayList<>(plan.chunks().size());
        for (LoadChunkStore.Chunk c : plan.chunks()) {
            Object[] p = c.range().position();
            out.add(new StatusReport.ChunkInfo(c.index(), c.range().lower(), c.range().upper(), c.range().done(),
                    p == null ? null : Arrays.stream(p).map(v -> v instanceof byte[] ? "(binary)" : v).toList(),
                    c.owner(), info(docs.get(LeaseStore.chunkId(table, c.index())))));
        }
        return out;
    }

    private static StatusReport.LeaseInfo info(LeaseDocument d) {
        if (d == null || d.owner == null) {
            return null;
        }
        java.time.Instant expires = d.expiresAt == null ? null : d.expiresAt.toInstant();
        return new StatusReport.LeaseInfo(d.owner, LeaseDocument.epoch(d), expires,
                expires != null && expires.isAfter(java.time.Instant.now()));
    }
}
