package io.segmentindex.indexing;

/** The index could not carry out a read or write; callers may retry. */
public class IndexUnavailableException extends RuntimeException {

    public IndexUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
