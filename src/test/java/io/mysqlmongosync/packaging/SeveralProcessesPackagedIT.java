package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import io.mysqlmongosync.testing.LeaseAuditingBackend;
import io.mysqlmongosync.testing.LeaseAuditingBackend.Write;
import io.mysqlmongosync.testing.ReplicaCluster;
import io.mysqlmongosync.testing.RowComparison;
import io.mysqlmongosync.testing.TestDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Several replicas as separate processes: three packaged services (SYNC_OWNER p1, p2, p3) on one MariaDB database
 * and one MongoDB target (the in-process wire server of this JVM, which records every data write with the process
 * that sent it and the table lease at that moment, see {@link LeaseAuditingBackend}). One large table and four
 * smaller ones; each process syncs one table at a time (SYNC_PARALLEL_TABLES=1), so the tables have to spread over
 * the processes. A 10 s lease with no write retries and 5 s + 2 s MongoDB bounds passes the start-up rule (one
 * page write takes at most 7 s, plus a tenth of the lease). The test kills the holder of the large table with
 * SIGKILL mid-load (the next scheduled run of another process takes it over once the lease expired), then stops
 * that new holder with SIGSTOP past its lease, lets the third process take the table, and continues the stopped
 * one with SIGCONT: it must write nothing more to the table and say that it lost the lease. In the end every table
 * equals its source row by row, and no process ever wrote to a table it did not hold the live lease of.
 *
 * <p>Known gap (see {@code StalledPageReadIT}): the lease is checked after each page, not right before the next
 * page is written, so when the SIGSTOP happens to land while the process waits for a page read, that page is
 * written after the take-over and this test fails naming the write; most stops land in a MongoDB call and pass.
 *
 * <p>Sizes: {@code -Dprocesses.big-rows} (default 1,000,000) and {@code -Dprocesses.small-rows} (default 50,000).
 * {@code -Dprocesses.bench=true} also times the same load (no failures) with one and with three processes.
 */
class SeveralProcessesPackagedIT {

    static final String DB = "mms_processes";
    static final String MONGO_DB = "processes";
    static final String BIG = "big_items";
    static final List<String> SMALL = List.of("small_a", "small_b", "small_c", "small_d");
    static final int BIG_ROWS = Integer.getInteger("processes.big-rows", 1_000_000);
    static final int SMALL_ROWS = Integer.getInteger("processes.small-rows", 50_000);
    static final int LEASE_SECONDS = 10;
    static final int CHUNKS = 12;
    /** SYNC_BATCH_SIZE's default: the most a replayed page can write twice. */
    static final int PAGE = 1000;

    static LeaseAuditingBackend audit;
    static MongoServer mongo;
    static MongoClient client;
    /** Kept: the wire server logs every connection at INFO. */
    static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("de.bwaldvogel");

    @BeforeAll
    static void setUp() {
        long start = System.nanoTime();
        TestDatabase.recreate(DB, null);
        fill(BIG, BIG_ROWS);
        for (String t : SMALL) {
            fill(t, SMALL_ROWS);
        }
        System.out.printf("SeveralProcessesPackagedIT: %d + 4 x %d rows created in %d ms%n", BIG_ROWS, SMALL_ROWS,
                (System.nanoTime() - start) / 1_000_000);
        List<String> tables = new ArrayList<>(SMALL);
        tables.add(BIG);
        QUIET.setLevel(java.util.logging.Level.WARNING);
        audit = new LeaseAuditingBackend(MONGO_DB, java.util.Set.copyOf(tables));
        mongo = new MongoServer(audit);
        mongo.bind("127.0.0.1", 0);
        client = MongoClients.create("mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort());
    }

    @AfterAll
    static void tearDown() {
        if (client != null) {
            client.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    private static void fill(String table, int rows) {
        TestDatabase.exec(DB, "CREATE TABLE `" + table + "` (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                + " price DECIMAL(12,2) NOT NULL, qty BIGINT NOT NULL, note VARCHAR(40) NULL,"
                + " updated_at DATETIME NOT NULL, INDEX idx_" + table + "_updated (updated_at))");
        TestDatabase.exec(DB, "INSERT INTO `" + table + "` SELECT seq, CONCAT('" + table + " ', seq), seq / 100,"
                + " seq * 1000003, IF(seq % 7 = 0, NULL, CONCAT('note ', seq % 1000)),"
                + " TIMESTAMP('2024-01-01') + INTERVAL seq SECOND FROM seq_1_to_" + rows);
    }

    static Map<String, String> env() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MYSQL_HOST", "127.0.0.1");
        env.put("MYSQL_PORT", Integer.toString(TestDatabase.port()));
        env.put("MYSQL_USER", TestDatabase.user());
        env.put("MYSQL_PASSWORD", TestDatabase.password());
        env.put("MYSQL_DATABASE", DB);
        env.put("MONGODB_DATABASE", MONGO_DB);
        List<String> tables = new ArrayList<>(List.of(BIG));
        tables.addAll(SMALL);
        env.put("SYNC_TABLES", String.join(",", tables));
        env.put("SYNC_ENABLED", "true");
        env.put("SYNC_INTERVAL_MINUTES", "1");
        env.put("SYNC_TICK", "1s");
        env.put("SYNC_PARALLEL_TABLES", "1");
        // The big table's load is split into 12 chunks, of which each process loads 2 at a time: the chunks spread
        // over the processes. The small tables stay below the split threshold.
        env.put("SYNC_LOAD_PARTITIONS", Integer.toString(CHUNKS));
        env.put("SYNC_LOAD_THREADS", "2");
        env.put("SYNC_LOAD_PARTITION_MIN_ROWS", Integer.toString(Math.max(SMALL_ROWS * 4, 1000)));
        env.put("SYNC_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
        env.put("SYNC_MAX_RETRIES", "0");
        env.put("MONGODB_SOCKET_TIMEOUT_MS", "5000");
        env.put("MONGODB_SERVER_SELECTION_TIMEOUT_MS", "2000");
        env.put("SYNC_API_AUTH", "none");
        env.put("QUARKUS_LOG_CONSOLE_JSON", "false");
        return env;
    }

    @Test
    void threeProcessesShareTheTablesAndSurviveAKillAndAStall() throws Exception {
        client.getDatabase(MONGO_DB).drop();
        audit.clear();
        long started = System.nanoTime();
        Story story = new Story();
        try (ReplicaCluster cluster = new ReplicaCluster(mongo, env())) {
            try {
                cluster.start(3);
                assertTrue(cluster.awaitListening(Duration.ofSeconds(120)), cluster.outputs(3000));
                for (String p : cluster.names()) {
                    cluster.trigger(p, null); // 202, or 409 when its first scheduled run already started
                }
                killTheBigTableHolder(cluster, story);
                stallTheNewHolder(cluster, story);
                assertTrue(ReplicaCluster.await(SeveralProcessesPackagedIT::allLoaded, Duration.ofSeconds(240)),
                        "the load did not finish: " + checkpoints() + cluster.outputs(4000));
                story.stalledOutput = cluster.get(story.stalled).output();
                story.stalledOutput.lines().filter(l -> l.contains("lease") || l.contains(BIG + " stopped"))
                        .forEach(l -> System.out.println("SeveralProcessesPackagedIT: " + story.stalled + ": " + l));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\n" + leases() + cluster.outputs(6000), e);
            }
        }
        System.out.printf("SeveralProcessesPackagedIT: three processes, kill and stall included: %d s%n",
                (System.nanoTime() - started) / 1_000_000_000);
        assertWritesFencedAndSpread(story);
        assertTablesEqual();
    }

    /** What happened, for the assertions after the processes are gone. */
    static final class Story {
        String killed;
        String stalled;
        String third;
        long stalledEpoch;
        /** The big table's chunk plan (load_ranges), read while the load ran. */
        Document plan;
        /** Chunks the killed process held, unfinished, when it was killed → when their chunk lease ran out. */
        Map<Integer, Long> killedChunks = new TreeMap<>();
        long thirdTookAt;
        long thirdEpoch;
        String stalledOutput;
    }

    /** kill -9 of the big table's holder mid-load; another process takes it over once the lease expired. */
    private static void killTheBigTableHolder(ReplicaCluster cluster, Story story) throws Exception {
        assertTrue(ReplicaCluster.await(() -> docs(BIG) >= BIG_ROWS / 8, Duration.ofSeconds(120)),
                "the big table's load did not reach 1/8: " + docs(BIG));
        Document before = lease(BIG);
        story.killed = before.getString("owner");
        cluster.get(story.killed).kill();
        story.plan = loadRanges();
        assertNotNull(story.plan, "the big table's load is split into chunks: " + checkpoints());
        for (int i = 0; story.plan.get("r" + i) instanceof Document r; i++) {
            Document chunkLease = lease(BIG + "#r" + i);
            if (!r.getBoolean("done", false) && story.killed.equals(chunkLease.getString("owner"))
                    && chunkLease.getDate("expires_at").getTime() > System.currentTimeMillis() - 1000) {
                story.killedChunks.put(i, chunkLease.getDate("expires_at").getTime());
            }
        }
        assertTrue(!story.killedChunks.isEmpty(), story.killed + " was killed holding no chunk: " + leases());
        long killedDocs = docs(BIG);
        assertTrue(killedDocs < BIG_ROWS, "killed mid-load");
        long epoch = before.getLong("epoch");
        // The survivors' next scheduled run (one interval, a minute, after the runs began) takes the table.
        assertTrue(ReplicaCluster.await(() -> {
            Document l = lease(BIG);
            return !story.killed.equals(l.getString("owner")) && l.getLong("epoch") > epoch;
        }, Duration.ofSeconds(90)), "nobody took the big table over after " + story.killed + " was killed");
        Document after = lease(BIG);
        story.stalled = after.getString("owner");
        story.stalledEpoch = after.getLong("epoch");
        assertTrue(!after.getDate("renewed_at").before(before.getDate("expires_at")),
                "taken over at " + after.getDate("renewed_at") + ", not before the killed holder's lease expired at "
                        + before.getDate("expires_at"));
        System.out.printf("SeveralProcessesPackagedIT: %s killed at %d of %d rows holding chunks %s; %s took %s over"
                + " (epoch %d)%n", story.killed, killedDocs, BIG_ROWS, story.killedChunks.keySet(), story.stalled, BIG,
                story.stalledEpoch);
    }

    /**
     * SIGSTOP of the new holder mid-load until its lease expired; the third process takes the table over; SIGCONT:
     * the stopped process must write nothing more and stop the table, saying it lost the lease.
     */
    private static void stallTheNewHolder(ReplicaCluster cluster, Story story) throws Exception {
        long base = writtenBy(story.stalled, BIG, 0);
        assertTrue(ReplicaCluster.await(() -> writtenBy(story.stalled, BIG, 0) >= base + 20_000,
                Duration.ofSeconds(60)), story.stalled + " did not load the big table after the take-over");
        cluster.signal(story.stalled, "STOP");
        Thread.sleep(300); // a renewal sent just before the stop lands first
        long expires = lease(BIG).getDate("expires_at").getTime();
        story.third = cluster.names().stream().filter(n -> !n.equals(story.killed) && !n.equals(story.stalled))
                .findFirst().orElseThrow();
        Thread.sleep(Math.max(0, expires - System.currentTimeMillis() + 500));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!story.third.equals(lease(BIG).getString("owner")) && System.nanoTime() < deadline) {
            cluster.trigger(story.third, "{\"tables\":[\"" + BIG + "\"]}"); // 409 while its own run is active
            ReplicaCluster.await(() -> story.third.equals(lease(BIG).getString("owner")), Duration.ofSeconds(2));
        }
        Document taken = lease(BIG);
        assertEquals(story.third, taken.getString("owner"), "the third process did not take the stalled table");
        story.thirdTookAt = taken.getDate("renewed_at").getTime();
        story.thirdEpoch = taken.getLong("epoch");
        long thirdBase = writtenBy(story.third, BIG, story.thirdTookAt);
        assertTrue(ReplicaCluster.await(() -> writtenBy(story.third, BIG, story.thirdTookAt) > thirdBase,
                Duration.ofSeconds(30)), story.third + " did not write after taking the table over");
        cluster.signal(story.stalled, "CONT");
        assertTrue(cluster.get(story.stalled).awaitOutput("Table " + BIG + " stopped after", Duration.ofSeconds(30)),
                story.stalled + " did not stop the table after SIGCONT");
        System.out.printf("SeveralProcessesPackagedIT: %s stopped (SIGSTOP) past its lease; %s took %s over"
                + " (epoch %d); %s continued (SIGCONT)%n", story.stalled, story.third, BIG, story.thirdEpoch,
                story.stalled);
    }

    private static void assertWritesFencedAndSpread(Story story) {
        List<Write> writes = audit.writes();
        assertEquals(0, audit.unattributed(), "writes on connections without a process name");
        Map<String, Map<String, Long>> perTable = new TreeMap<>();
        for (Write w : writes) {
            perTable.computeIfAbsent(w.collection(), k -> new TreeMap<>()).merge(w.process(), (long) w.documents(),
                    Long::sum);
        }
        System.out.println("SeveralProcessesPackagedIT: documents written per table and process: " + perTable);
        List<Write> unfenced = writes.stream().filter(w -> !w.byOwner() || w.afterExpiry()).toList();
        assertTrue(unfenced.isEmpty(), unfenced.size() + " writes by a process that did not hold the table's live"
                + " lease, e.g. " + unfenced.stream().limit(5).map(Write::toString).collect(Collectors.joining("; ")));
        // After the take-over the stalled process may write again only under a chunk lease it took anew (a later run
        // of its own joining the load), never under a lease it no longer held.
        List<Write> stale = writes.stream().filter(w -> w.process().equals(story.stalled) && w.collection().equals(BIG)
                && w.atMillis() >= story.thirdTookAt && (!w.byOwner() || w.afterExpiry())).toList();
        assertEquals(List.of(), stale, story.stalled + " wrote to " + BIG + " after " + story.third + " took it over");
        assertTrue(story.stalledOutput.contains("lost the lease on " + BIG), story.stalledOutput);
        assertEquals(3, perTable.get(BIG).size(), "the killed, the stalled and the third process all loaded part"
                + " of " + BIG + ": " + perTable.get(BIG));
        assertEquals(3, perTable.values().stream().flatMap(m -> m.keySet().stream()).distinct().count(),
                "every process wrote: " + perTable);
        long smallWriters = SMALL.stream().flatMap(t -> perTable.get(t).keySet().stream()).distinct().count();
        assertTrue(smallWriters >= 2, "the small tables spread over the processes: " + perTable);
        assertChunksLoadedOnce(story, writes);
        long replayed = perTable.get(BIG).values().stream().mapToLong(Long::longValue).sum() - BIG_ROWS;
        System.out.printf("SeveralProcessesPackagedIT: %d documents of %s written twice (pages in flight at the"
                + " kill and the stall, written again from the checkpoint)%n", replayed, BIG);
        Document checkpoint = client.getDatabase(MONGO_DB).getCollection("_sync_checkpoints")
                .find(Filters.eq("_id", BIG)).first();
        assertNotNull(checkpoint);
        assertTrue(((Number) checkpoint.get("lease_epoch")).longValue() >= story.thirdEpoch, checkpoint.toJson());
        assertNotEquals(story.killed, story.stalled);
    }

    /**
     * Every chunk of the big table was written by one process exactly once, except chunks a process held when it was
     * killed or stalled: those were resumed by another process from their stored position, after their chunk lease
     * ran out, so at most the page in flight was written twice.
     */
    private static void assertChunksLoadedOnce(Story story, List<Write> writes) {
        Map<Integer, Map<String, Long>> perChunk = new TreeMap<>();
        writes.stream().filter(w -> w.collection().equals(BIG) && w.chunk() >= 0).forEach(w -> perChunk
                .computeIfAbsent(w.chunk(), k -> new TreeMap<>()).merge(w.process(), (long) w.documents(), Long::sum));
        System.out.println("SeveralProcessesPackagedIT: documents written per chunk of " + BIG + " and process: "
                + perChunk);
        int chunks = 0;
        long shared = 0;
        for (int i = 0; story.plan.get("r" + i) instanceof Document r; i++, chunks++) {
            long lower = r.get("lower") instanceof Number n ? Math.max(1, n.longValue()) : 1;
            long upper = r.get("upper") instanceof Number n ? Math.min(BIG_ROWS + 1L, n.longValue()) : BIG_ROWS + 1L;
            long rows = Math.max(0, upper - lower);
            Map<String, Long> by = perChunk.getOrDefault(i, Map.of());
            long written = by.values().stream().mapToLong(Long::longValue).sum();
            assertTrue(written >= rows, "chunk " + i + " (" + rows + " rows) written " + written + " times: " + by);
            if (by.size() > 1) {
                shared++;
                assertTrue(written - rows <= 2L * PAGE * (by.size() - 1), "chunk " + i + " (" + rows + " rows)"
                        + " written more than a page again per take-over: " + by);
            } else {
                assertEquals(rows, written, "chunk " + i + " written once by one process: " + by);
            }
        }
        assertEquals(CHUNKS, chunks, "the plan's chunks");
        assertTrue(shared <= story.killedChunks.size() + 2L, "only chunks held at the kill or the stall changed hands: "
                + perChunk);
        for (Map.Entry<Integer, Long> k : story.killedChunks.entrySet()) {
            long firstByOther = writes.stream().filter(w -> w.chunk() == k.getKey() && w.collection().equals(BIG)
                    && !w.process().equals(story.killed)).mapToLong(Write::atMillis).min().orElse(Long.MAX_VALUE);
            assertTrue(firstByOther != Long.MAX_VALUE, "chunk " + k.getKey() + " of the killed process was resumed");
            assertTrue(firstByOther >= k.getValue(), "chunk " + k.getKey() + " was resumed at " + firstByOther
                    + ", before the killed holder's chunk lease ran out at " + k.getValue());
        }
        long loaders = perChunk.values().stream().flatMap(m -> m.keySet().stream()).distinct().count();
        assertEquals(3, loaders, "the chunks spread over all three processes: " + perChunk);
    }

    /** The big table's planned chunks ({@code load_ranges} of its checkpoint), or null. */
    static Document loadRanges() {
        Document cp = client.getDatabase(MONGO_DB).getCollection("_sync_checkpoints").find(Filters.eq("_id", BIG))
                .first();
        return cp == null ? null : cp.get("load_ranges", Document.class);
    }

    private static void assertTablesEqual() throws Exception {
        MongoDatabase db = client.getDatabase(MONGO_DB);
        List<String> tables = new ArrayList<>(SMALL);
        tables.add(BIG);
        for (String t : tables) {
            RowComparison.Result r = RowComparison.compare(DB, t, db.getCollection(t));
            System.out.println("SeveralProcessesPackagedIT: " + r);
            assertTrue(r.equal(), r.toString());
            assertEquals(t.equals(BIG) ? BIG_ROWS : SMALL_ROWS, r.rows());
        }
    }

    /** Whether every table's initial load is done (its checkpoint moved to the incremental phase). */
    static boolean allLoaded() {
        List<Document> cps = client.getDatabase(MONGO_DB).getCollection("_sync_checkpoints")
                .find(Filters.eq("phase", "INCREMENTAL")).into(new ArrayList<>());
        return cps.size() == SMALL.size() + 1;
    }

    static String checkpoints() {
        return client.getDatabase(MONGO_DB).getCollection("_sync_checkpoints").find().into(new ArrayList<>()).stream()
                .map(d -> d.getString("_id") + "=" + d.getString("phase")).collect(Collectors.joining(", "));
    }

    static String leases() {
        return client.getDatabase(MONGO_DB).getCollection("_sync_leases").find().into(new ArrayList<>()).stream()
                .map(Document::toJson).collect(Collectors.joining("\n"));
    }

    static Document lease(String table) {
        Document d = client.getDatabase(MONGO_DB).getCollection("_sync_leases").find(Filters.eq("_id", table)).first();
        return d == null ? new Document("owner", "").append("epoch", 0L).append("expires_at", new java.util.Date(0))
                : d;
    }

    static long docs(String table) {
        return client.getDatabase(MONGO_DB).getCollection(table).estimatedDocumentCount();
    }

    /** Documents {@code process} sent to {@code table} in writes that arrived at or after {@code sinceMillis}. */
    static long writtenBy(String process, String table, long sinceMillis) {
        Predicate<Write> match = w -> w.process().equals(process) && w.collection().equals(table)
                && w.atMillis() >= sinceMillis;
        return audit.writes().stream().filter(match).mapToLong(Write::documents).sum();
    }

    /**
     * A process stopped the way Kubernetes stops a pod (SIGTERM) in the middle of a load gives its table lease
     * back on the way out: a replacement pod has a new name, so a lease left behind would hold the table for the
     * whole lease time.
     */
    @Test
    void aProcessStoppedWithSigtermReleasesItsLease() throws Exception {
        client.getDatabase(MONGO_DB).drop();
        audit.clear();
        try (ReplicaCluster cluster = new ReplicaCluster(mongo, env())) {
            cluster.start(1);
            assertTrue(cluster.awaitListening(Duration.ofSeconds(120)), cluster.outputs(3000));
            cluster.trigger("p1", null);
            assertTrue(ReplicaCluster.await(() -> docs(BIG) >= 20_000, Duration.ofSeconds(120)),
                    "the load did not start: " + cluster.outputs(3000));
            cluster.signal("p1", "TERM");
            assertNotNull(cluster.get("p1").awaitExit(Duration.ofSeconds(30)), "p1 did not stop on SIGTERM");
            Document lease = lease(BIG);
            assertTrue(docs(BIG) < BIG_ROWS, "stopped mid-load");
            assertTrue(lease.getDate("expires_at").getTime() <= System.currentTimeMillis(),
                    "the lease was left live until " + lease.getDate("expires_at") + ": " + lease.toJson() + "\n"
                            + cluster.outputs(3000));
        }
    }

    /**
     * The same load without failures, timed with one and with three processes, each with the default
     * SYNC_PARALLEL_TABLES=2 (-Dprocesses.bench=true; bench/replicas.sh). The clock runs from the moment every
     * process listens (JVM start excluded) until every table's load is done.
     */
    @Test
    @EnabledIfSystemProperty(named = "processes.bench", matches = "true")
    void benchmarkOneAndThreeProcesses() throws Exception {
        long one = timeLoad(1);
        long three = timeLoad(3);
        System.out.printf("SeveralProcessesPackagedIT benchmark (%d + 4 x %d rows, %d cores, load average %.1f):"
                + " 1 process %.1f s, 3 processes %.1f s, speed-up %.2f%n", BIG_ROWS, SMALL_ROWS,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                one / 1000.0, three / 1000.0, (double) one / three);
    }

    private static long timeLoad(int processes) throws Exception {
        client.getDatabase(MONGO_DB).drop();
        audit.clear();
        Map<String, String> env = env();
        env.put("SYNC_PARALLEL_TABLES", "2");
        try (ReplicaCluster cluster = new ReplicaCluster(mongo, env)) {
            cluster.start(processes);
            assertTrue(cluster.awaitListening(Duration.ofSeconds(120)), cluster.outputs(3000));
            long start = System.nanoTime();
            for (String p : cluster.names()) {
                cluster.trigger(p, null);
            }
            assertTrue(ReplicaCluster.await(SeveralProcessesPackagedIT::allLoaded, Duration.ofSeconds(600)),
                    checkpoints() + cluster.outputs(3000));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("SeveralProcessesPackagedIT benchmark: %d process(es): %d ms; documents written per"
                    + " process: %s%n", processes, ms, audit.writes().stream().collect(Collectors.groupingBy(
                            Write::process, TreeMap::new, Collectors.summingLong(Write::documents))));
            assertTablesEqual();
            return ms;
        }
    }
}
