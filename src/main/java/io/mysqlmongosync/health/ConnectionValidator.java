package io.mysqlmongosync.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Checks that both connections work the way the sync needs them, from start-up on, for readiness and
 * {@code GET /sync/health} ({@link MySqlAccessCheck}, {@link MongoAccessCheck}), and keeps the verdict.
 *
 * <p>Checks run in the background, every validation interval while all is well, so an answer never waits long for a
 * server (the Helm chart's probe times out after 2 s); while something is wrong they run every second and each
 * caller also re-checks (waiting up to {@link #RECHECK_WAIT}), so readiness turns UP as soon as the cause is fixed, and
 * answers within a second in any outage. A check that has not answered for {@link #STUCK} counts as a problem of its
 * own. Each problem is logged once, as one line naming the variable to fix, when it first appears or changes, and
 * once more when it is gone.
 */
@ApplicationScoped
public class ConnectionValidator {

    /** The components checked, in report order. */
    public static final List<String> COMPONENTS = List.of("mysql", "mongodb");
    /** How long a probe or API caller waits for the very first result: probes answer within a second. */
    static final Duration WAIT = Duration.ofMillis(800);
    /** How long start-up discovery waits for the check that explains why it cannot read the schema. */
    static final Duration EXPLAIN_WAIT = Duration.ofSeconds(2);
    /**
     * A check running longer than this is reported as "did not answer": its calls are bounded by
     * {@link io.mysqlmongosync.sink.CheckDatabase#DEADLINE} each, so this only happens when a server answers
     * slowly, call after call.
     */
    static final Duration STUCK = Duration.ofSeconds(5);
    /** A check finished this recently answers an API request without a new one. */
    public static final Duration FRESH = Duration.ofSeconds(1);
    /** How long a caller waits for a new check before answering with the last known result. */
    static final Duration RECHECK_WAIT = Duration.ofMillis(500);
    private static final Duration RECHECK_FAILED = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(ConnectionValidator.class);

    private final MySqlAccessCheck mysql;
    private final MongoAccessCheck mongo;
    private final Duration interval;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "connection-check");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "connection-check-tick");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final Map<String, String> logged = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** The last finished check of one component, and the one in flight. */
    private static final class Slot {
        Future<ConnectionProblem> running;
        Instant runningSince;
        ConnectionProblem problem;
        Instant checkedAt;
    }

    ConnectionValidator(MySqlAccessCheck mysql, MongoAccessCheck mongo,
            @ConfigProperty(name = "io.mysqlmongosync.health.validation-interval", defaultValue = "15s") Duration interval) {
        this.mysql = mysql;
        this.mongo = mongo;
        this.interval = interval;
        COMPONENTS.forEach(c -> slots.put(c, new Slot()));
    }

    /**
     * Starts validating in the background, so a bad setting is reported without delaying start-up; early, so the
     * MongoDB side is checked even while start-up discovery waits for MySQL.
     */
    void onStart(@Observes @jakarta.annotation.Priority(1000) StartupEvent event) {
        ticker.scheduleWithFixedDelay(this::tick, 0, RECHECK_FAILED.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the checks that are due: a failed one after a second, a good one after the validation interval. */
    private void tick() {
        Instant now = Instant.now();
        for (String c : COMPONENTS) {
            Slot s = slots.get(c);
            boolean due;
            synchronized (s) {
                due = s.checkedAt == null || s.checkedAt.plus(s.problem == null ? interval : RECHECK_FAILED).isBefore(now);
            }
            if (due) {
                start(c);
            }
        }
    }

    /**
     * The current problems, empty when both connections are fine, for the probes and {@code /sync/health}: always
     * from a new check (or the one in flight) when it answers within {@link #RECHECK_WAIT}, so a cause just fixed or
     * just broken shows at once; never waiting longer for a server that does not answer (see
     * {@link #problems(Collection, Duration)}).
     */
    public List<ConnectionProblem> problems() {
        return problems(COMPONENTS, Duration.ZERO);
    }

    /**
     * The current problems of {@code components}: a check that has not answered for {@link #STUCK}; MongoDB's driver
     * knowing no usable server; else a check finished within {@code maxAge}, or a new one started now if it answers
     * within {@link #RECHECK_WAIT}, else the last known result. Before the first check finished, its result (waiting
     * up to {@link #WAIT}).
     */
    public List<ConnectionProblem> problems(Collection<String> components, Duration maxAge) {
        List<ConnectionProblem> out = new ArrayList<>();
        long start = System.nanoTime();
        for (String c : components) {
            ConnectionProblem p = problem(c, start, maxAge);
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private ConnectionProblem problem(String component, long start, Duration maxAge) {
        Slot s = slots.get(component);
        boolean never;
        boolean fresh;
        ConnectionProblem last;
        synchronized (s) {
            if (s.running != null && !s.running.isDone() && s.runningSince.plus(STUCK).isBefore(Instant.now())) {
                return s.problem != null && !s.problem.code().endsWith("_timeout") ? s.problem
                        : ProblemClassifier.timeout(component, target(component), (int) STUCK.toSeconds());
            }
            never = s.checkedAt == null;
            last = s.problem;
            fresh = !never && s.checkedAt.plus(maxAge).isAfter(Instant.now());
        }
        if (component.equals("mongodb")) {
            ConnectionProblem driver = mongo.topologyProblem();
            if (driver != null) {
                return last != null ? last : driver; // a finished check explains more (auth, permission)
            }
        }
        if (fresh) {
            return last;
        }
        ConnectionProblem now = await(component, start(component), start + (never ? WAIT : RECHECK_WAIT).toNanos());
        // A check still running after the short wait keeps the last known result rather than guessing.
        return now != null && now.code().endsWith("_timeout") && !never ? last : now;
    }

    /**
     * Checks MySQL now (waiting up to {@link #EXPLAIN_WAIT}) and logs what is wrong; used by start-up discovery when it
     * cannot read the schema, so the operator gets the one explaining line rather than a driver exception.
     *
     * @return whether a problem was found
     */
    public boolean explainMySql() {
        return await("mysql", start("mysql"), System.nanoTime() + EXPLAIN_WAIT.toNanos()) != null;
    }

    private Future<ConnectionProblem> start(String component) {
        Slot s = slots.get(component);
        synchronized (s) {
            if (s.running == null || s.running.isDone()) {
                s.runningSince = Instant.now();
                s.running = executor.submit(() -> {
                    ConnectionProblem p;
                    try {
                        p = component.equals("mysql") ? mysql.check() : mongo.check();
                    } catch (RuntimeException e) {
                        p = component.equals("mysql") ? mysql.failed(e) : mongo.failed(e);
                    }
                    record(component, p);
                    return p;
                });
            }
            return s.running;
        }
    }

    private ConnectionProblem await(String component, Future<ConnectionProblem> f, long deadline) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Not logged: the check goes on, and logs its own result when it ends.
            return ProblemClassifier.timeout(component, target(component), 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProblemClassifier.timeout(component, target(component), 1);
        } catch (ExecutionException e) {
            return new ConnectionProblem(component, component + "_error", component.equals("mysql") ? "MYSQL_HOST"
                    : "MONGODB_URI", component + " check failed: " + e.getCause());
        }
    }

    /** Stores the result and logs a change: one line per new problem, one when it is resolved. */
    private void record(String component, ConnectionProblem p) {
        if (stopping) {
            return; // a check cut short by shutdown says nothing about the connection
        }
        Slot s = slots.get(component);
        synchronized (s) {
            s.problem = p;
            s.checkedAt = Instant.now();
        }
        String message = p == null ? "" : p.message();
        String before = logged.put(component, message);
        if (message.equals(before)) {
            return;
        }
        if (p == null) {
            if (before != null) {
                LOG.infof("%s connection check passes again", component.equals("mysql") ? "MySQL" : "MongoDB");
            }
        } else if (p.code().endsWith("_unreachable") || p.code().endsWith("_timeout")) {
            LOG.warn(p.message());
        } else {
            LOG.error(p.message());
        }
    }

    /** Where {@code component} is, for messages (never with a password). */
    private String target(String component) {
        return component.equals("mysql") ? mysql.server() : mongo.server();
    }

    @PreDestroy
    void stop() {
        stopping = true;
        ticker.shutdownNow();
        executor.shutdownNow();
    }
}
