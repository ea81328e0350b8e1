package io.mysqlmongosync.packaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mysqlmongosync.testing.LeaseAuditingBackend.Write;
import io.mysqlmongosync.testing.ReplicaCluster;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Load time with one and with three service processes: a measurement, run only by {@code bench/replicas.sh}
 * ({@code -Dit.test=SeveralProcessesBenchmark}; its name does not end in IT, so the build never runs it). It uses the
 * database, target and checks of {@link SeveralProcessesPackagedIT} (whose own tests it does not run: the script
 * selects this method). Each process has the default SYNC_PARALLEL_TABLES=2; the clock runs from the moment every
 * process listens (JVM start excluded) until every table's load is done, and every row is compared afterwards.
 */
class SeveralProcessesBenchmark extends SeveralProcessesPackagedIT {

    @Test
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
            awaitTrue(Duration.ofSeconds(600), SeveralProcessesPackagedIT::allLoaded,
                    () -> checkpoints() + cluster.outputs(3000));
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("SeveralProcessesPackagedIT benchmark: %d process(es): %d ms; documents written per"
                    + " process: %s%n", processes, ms, audit.writes().stream().collect(Collectors.groupingBy(
                            Write::process, TreeMap::new, Collectors.summingLong(Write::documents))));
            assertTablesEqual();
            return ms;
        }
    }
}
