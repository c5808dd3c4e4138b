package io.segmentindex.operations;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * One kind of work, as the engine sees it: how a claimed operation of its kinds runs, how its rounds are woken
 * (for kinds that run in rounds, see {@link OperationKind#runsInRounds}), and what giving one up does to its
 * targets. One CDI bean per kind package implements it; the engine finds them by their kinds (OperationHandlers).
 */
public interface OperationHandler {

    /** The kinds of operation this handler answers for; no two handlers share one. */
    Set<OperationKind> kinds();

    /** Runs a claimed operation to its end (the kinds the worker runs one by one). */
    void run(String operationId);

    /** A request recorded this operation of a kind that runs in rounds: start a round, or ask for one more. */
    default void wake(String operationId) {
    }

    /** The sweep found operations of a kind that runs in rounds that waited too long or whose worker died. */
    default void wakeForOrphans() {
    }

    /**
     * What giving up an operation does to its targets, in the transaction that gives it up; {@code unfinished}:
     * its items that had not ended, now failed with the reason. Nothing by default.
     */
    default void recoverGivenUp(Operation op, List<OperationItem> unfinished, OffsetDateTime now) {
    }

    /**
     * Requests again, for the caller, what a finished operation failed to do: its action on {@code failedTargets}
     * (none for a dataset operation, which runs whole). The kind's own request path checks each target anew.
     */
    ToggleResult retry(Operation failed, List<String> failedTargets, String idempotencyKey);
}
