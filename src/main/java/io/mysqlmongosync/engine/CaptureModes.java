package io.mysqlmongosync.engine;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.config.SyncConfig;
import io.mysqlmongosync.config.TableSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Chooses each table's {@link CaptureStrategy} bean: {@code SYNC_<TABLE>_CAPTURE_MODE}, else
 * {@code SYNC_CAPTURE_MODE}, else {@code auto}. {@code auto} streams the binlog ({@code binlog}) when every
 * precondition holds, else polls with one WARN naming what is missing; {@code polling} is {@code timestamp} for a
 * table with a change column and {@code rescan} for one without. The allowed values are {@code auto},
 * {@code polling} and the names of the strategy beans; an unknown value stops start-up naming the variable and the
 * allowed values.
 */
@ApplicationScoped
public class CaptureModes {

    /** The default mode: chosen by the table's columns. */
    public static final String AUTO = "auto";
    /** The variable for all tables. */
    public static final String VARIABLE = TableSettings.CAPTURE_MODE;
    /** Polling even when the binlog could be streamed: {@code timestamp} with a change column, else {@code rescan}. */
    public static final String POLLING = "polling";

    private static final Logger LOG = Logger.getLogger(CaptureModes.class);

    private final Instance<CaptureStrategy> strategies;
    private final TableSettings settings;
    private final SyncConfig config;
    private boolean binlogChosen;
    private String autoWarning;

    CaptureModes(@Any Instance<CaptureStrategy> strategies, TableSettings settings, SyncConfig config) {
        this.strategies = strategies;
        this.settings = settings;
        this.config = config;
    }

    /** Checks SYNC_CAPTURE_MODE and every configured table's SYNC_&lt;TABLE&gt;_CAPTURE_MODE at start-up. */
    void check(@Observes StartupEvent event) {
        Collection<String> names = names();
        settings.captureMode().ifPresent(s -> check(s.variable(), s.value(), names));
        for (String table : config.tables()) {
            settings.captureMode(table.trim()).ifPresent(s -> check(s.variable(), s.value(), names));
        }
    }

    /** The names of the capture strategy beans, sorted. */
    Collection<String> names() {
        TreeSet<String> names = new TreeSet<>();
        strategies.handles().forEach(h -> {
            if (h.getBean().getName() != null) {
                names.add(h.getBean().getName());
            }
        });
        return names;
    }

    /**
     * The capture mode of {@code table} (never {@code auto}); {@code hasChangeColumn} decides what {@code auto}
     * means.
     */
    public String modeFor(String table, boolean hasChangeColumn) {
        TableSettings.Setting setting = settings.captureMode(table).orElse(new TableSettings.Setting(VARIABLE, AUTO));
        String checked = check(setting.variable(), setting.value(), names());
        String polling = hasChangeColumn ? TimestampCapture.NAME : RescanCapture.NAME;
        if (checked.equals(POLLING)) {
            return polling;
        }
        if (!checked.equals(AUTO)) {
            return checked;
        }
        return binlogAvailable() ? BinlogCapture.NAME : polling;
    }

    /**
     * Whether {@code auto} streams the binlog: every precondition holds (checked once; once chosen, binlog stays, so
     * a table never switches back and forth). Otherwise one WARN per distinct reason names what is missing.
     */
    private synchronized boolean binlogAvailable() {
        if (binlogChosen) {
            return true;
        }
        String problem = ((BinlogCapture) strategy(BinlogCapture.NAME)).problem();
        if (problem == null) {
            binlogChosen = true;
            LOG.infof("%s=auto: every binlog precondition holds, tables stream their changes from the binlog",
                    VARIABLE);
            return true;
        }
        if (!problem.equals(autoWarning)) {
            autoWarning = problem;
            LOG.warnf("%s=auto: polling instead of streaming the binlog because %s. Fix that to stream changes as "
                    + "they commit, or set %s=polling to keep polling without this warning", VARIABLE, problem,
                    VARIABLE);
        }
        return false;
    }

    /**
     * Throws when the capture mode chosen for {@code table} cannot serve it (e.g. {@code timestamp} for a table
     * without change column), naming the variable that chose it.
     */
    public void checkSupported(TableContext table) {
        String problem = strategy(table.captureMode()).unsupported(table);
        if (problem != null) {
            String variable = settings.captureMode(table.name()).map(TableSettings.Setting::variable).orElse(VARIABLE);
            throw new InvalidSettingException(variable, table.captureMode(), problem);
        }
    }

    /** The strategy bean of {@code mode}. */
    public CaptureStrategy strategy(String mode) {
        return strategies.select(NamedLiteral.of(mode)).get();
    }

    /** The variable that sets {@code table}'s capture mode. */
    public static String variableFor(String table) {
        return TableSettings.variable(table, "CAPTURE_MODE");
    }

    /** {@code value} of {@code variable}, normalized, when it is {@code auto} or one of {@code names}. */
    static String check(String variable, String value, Collection<String> names) {
        String mode = value.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals(AUTO) && !mode.equals(POLLING) && !names.contains(mode)) {
            throw new InvalidSettingException(variable, value,
                    "must be one of " + AUTO + ", " + POLLING + ", " + String.join(", ", names));
        }
        return mode;
    }
}
