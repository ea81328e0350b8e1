package io.mysqlmongosync.metrics;

import io.smallrye.faulttolerance.api.BeforeRetryHandler;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.jboss.logging.Logger;

/**
 * Logs every retry of a boundary call, so an outage is visible in the log as well as in the
 * {@code ft_retry_retries_total} metric.
 */
@Dependent
public class RetryLogger implements BeforeRetryHandler {

    private static final Logger LOG = Logger.getLogger(RetryLogger.class);

    @Override
    public void handle(ExecutionContext context) {
        Throwable failure = context.getFailure();
        LOG.warnf("Retrying %s.%s after: %s", context.getMethod().getDeclaringClass().getSimpleName(),
                context.getMethod().getName(), failure == null ? "?" : failure.getMessage());
    }
}
