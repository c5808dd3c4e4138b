package io.segmentindex.platform;

/**
 * A commit that did not succeed; its cause (a lost connection, a deferred constraint) says why. When the commit
 * itself failed, the database may still have committed: {@link #mayHaveCommitted()} tells the caller to look.
 */
public class TransactionFailedException extends RuntimeException {

    private final boolean mayHaveCommitted;

    public TransactionFailedException(String message, Throwable cause, boolean mayHaveCommitted) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
    }

    public boolean mayHaveCommitted() {
        return mayHaveCommitted;
    }
}
