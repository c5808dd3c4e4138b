package io.segmentindex.operations;

/**
 * How an index call ended: done, or not, with the error. A call that recovers (the fallback ran) is not done; a
 * grouped call that failed without recovering says whether the index as a whole refused it ({@code indexDown}: its
 * breaker was open), when splitting it cannot single out a bad segment.
 */
public record IndexOutcome(boolean done, int attempts, String error, boolean indexDown) {

    public static IndexOutcome done(int attempts) {
        return new IndexOutcome(true, attempts, null, false);
    }

    public static IndexOutcome recovered(int attempts, String error) {
        return new IndexOutcome(false, attempts, error, false);
    }

    public static IndexOutcome groupFailed(int attempts, String error, boolean indexDown) {
        return new IndexOutcome(false, attempts, error, indexDown);
    }
}
