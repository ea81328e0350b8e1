package io.mysqlmongosync;

import io.mysqlmongosync.config.InvalidSettingException;
import io.mysqlmongosync.mapping.spec.MappingException;
import io.mysqlmongosync.source.SchemaException;
import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusBindException;
import io.smallrye.config.ConfigValidationException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Entry point of the service ({@code quarkus.package.main-class}; the demo build uses its own). Before Quarkus starts, it turns off Quarkus' own request-target check
 * ({@code vertx.disableURIValidation}), which refuses a malformed target with an empty 400:
 * {@link io.mysqlmongosync.api.HttpGuard} makes the same check and answers with a JSON error like every other
 * refusal of the API.
 *
 * <p>A start-up that fails on a setting ({@link InvalidSettingException}), the mapping file
 * ({@link MappingException}) or a configured table that cannot be synced ({@link SchemaException}) prints that
 * message as one plain line, wherever it was thrown (a settings check, a
 * start-up observer, a bean's constructor): the line names the variable, or the file, line and key, and what to
 * change. Quarkus would log such a failure as "Failed to start application" with the message nested in the
 * exception. Any other failure is reported as Quarkus reports it.
 */
public final class Main {

    private Main() {
    }

    /** Starts the service. */
    public static void main(String... args) {
        if (System.getProperty("vertx.disableURIValidation") == null) {
            System.setProperty("vertx.disableURIValidation", "true");
        }
        Quarkus.run(null, Main::exited, args);
    }

    /** Quarkus' exit handler: with a start-up failure, reports it first; then exits as Quarkus would. */
    private static void exited(Integer code, Throwable failure) {
        if (failure != null) {
            report(failure);
        }
        BiConsumer<Integer, Throwable> exit = ApplicationLifecycleManager.getDefaultExitCodeHandler();
        exit.accept(code, failure);
    }

    /** Prints the lines that explain {@code failure}: ours as plain lines, anything else as Quarkus would. */
    static void report(Throwable failure) {
        Set<String> lines = settingLines(failure);
        if (!lines.isEmpty()) {
            lines.forEach(System.err::println);
            System.err.flush();
            return;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        Logger log = Logger.getLogger(io.quarkus.runtime.Application.class);
        if (root instanceof QuarkusBindException bind) {
            log.errorf("Port %d seems to be in use by another process (host %s): set HTTP_PORT (QUARKUS_HTTP_PORT) to"
                    + " a free port or stop the other process", bind.getPort(), bind.getHost());
        } else if (root instanceof io.quarkus.runtime.configuration.ConfigurationException
                || root instanceof ConfigValidationException
                || root instanceof io.quarkus.runtime.PreventFurtherStepsException && root.getMessage() != null) {
            System.err.println(root.getMessage()); // what Quarkus prints for these without an exit handler
        } else {
            log.error("Failed to start application", failure);
        }
    }

    /**
     * The messages of the setting and mapping errors in {@code failure}'s causes (and in a failed configuration
     * validation's problems), each once, in order; empty when it has none.
     */
    static Set<String> settingLines(Throwable failure) {
        Set<String> lines = new LinkedHashSet<>();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidSettingException || t instanceof MappingException
                    || t instanceof SchemaException) {
                lines.add(t.getMessage());
            } else if (t instanceof ConfigValidationException v) {
                Set<String> ours = new LinkedHashSet<>();
                for (int i = 0; i < v.getProblemCount(); i++) {
                    String message = ours(v.getProblem(i).getMessage());
                    if (message == null) {
                        return Set.of(); // a problem of Quarkus' own: its message lists them all
                    }
                    ours.add(message);
                }
                lines.addAll(ours);
            }
        }
        return lines;
    }

    /** The message of a configuration problem that is a setting or mapping error of ours, else null. */
    private static String ours(String problem) {
        for (Class<?> type : new Class<?>[] {InvalidSettingException.class, MappingException.class}) {
            String prefix = type.getName() + ": ";
            if (problem != null && problem.startsWith(prefix)) {
                return problem.substring(prefix.length());
            }
        }
        return null;
    }
}
