package io.segmentindex.platform;

/** A commit that did not happen; its cause (a lost connection, a deferred constraint) says why. */
public class TransactionFailedException extends RuntimeException {

    public TransactionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
