package io.segmentindex.operations;

/**
 * How a queued item ends, as written for many items at once: succeeded (one attempt, its call's latency), failed
 * (its call's attempts and error), or skipped (the reason, no attempt).
 */
public record ItemEnd(ItemState state, String reason, String error, int attempts, Double latencyMillis) {

    public static ItemEnd succeeded(double latencyMillis) {
        return new ItemEnd(ItemState.SUCCEEDED, null, null, 1, latencyMillis);
    }

    public static ItemEnd failed(String error, int attempts, double latencyMillis) {
        return new ItemEnd(ItemState.FAILED, null, error, attempts, latencyMillis);
    }

    public static ItemEnd skipped(SkipReason reason) {
        return new ItemEnd(ItemState.SKIPPED, reason.wire(), null, 0, null);
    }

    /** How the items of one index call end, after its outcome. */
    public static ItemEnd after(IndexOutcome outcome, double latencyMillis) {
        return outcome.done() ? succeeded(latencyMillis)
                : failed(outcome.error(), outcome.attempts(), latencyMillis);
    }
}
