package io.segmentindex.platform;

import org.eclipse.persistence.sessions.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink pings the connection after any failed statement and, if the ping fails, retries the statement up to
 * three times, five seconds apart. Inside a transaction PostgreSQL refuses the ping after any error, so a statement
 * refused for its data (a NUL byte, say) held a pooled connection for ten seconds. No statement is retried here;
 * a lost connection is the pool's to purge and the caller's to retry (it gets a 503).
 */
public class NoStatementRetry implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setConnectionHealthValidatedOnError(false);
        }
    }
}
