package io.segmentindex.platform;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/** What a failed database call means, read from the SQLSTATE wherever the persistence layer buried it. */
public final class SqlFailures {

    private SqlFailures() {
    }

    /** The data source's statement_timeout cancelled the statement. */
    private static final String STATEMENT_TIMEOUT = "57014";

    /**
     * The database could not be reached, is going away or did not answer in time (SQLSTATE classes 08 and 57P, a
     * database not accepting connections, too many connections, an exhausted pool, the statement timeout): nothing
     * about the request itself, and its transaction was rolled back.
     */
    public static boolean unavailable(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            String state = state(t);
            if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("55000")
                    || state.equals("53300") || state.equals(STATEMENT_TIMEOUT))) {
                return true;
            }
            if (t.getClass().getName().endsWith("ConnectionWaitTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** A unique constraint refused the row (SQLSTATE 23505): another request stored the same value first. */
    public static boolean uniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = next(t)) {
            if ("23505".equals(state(t))) {
                return true;
            }
        }
        return false;
    }

    private static String state(Throwable t) {
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && t.getCause() == null) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
