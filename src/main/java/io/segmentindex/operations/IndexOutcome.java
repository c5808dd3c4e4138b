package io.segmentindex.operations;

/** How an index call ended: done, or recovered by the fallback with the error that made it necessary. */
public record IndexOutcome(boolean done, int attempts, String error) {

    public static IndexOutcome done(int attempts) {
        return new IndexOutcome(true, attempts, null);
    }

    public static IndexOutcome recovered(int attempts, String error) {
        return new IndexOutcome(false, attempts, error);
    }
}
