package io.segmentindex.operations;

import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The transactions of the worker side; the index calls run between them, outside any transaction. */
@ApplicationScoped
public class WorkerSteps {

    @Inject
    OperationRepository operations;

    @Inject
    OperationHandlers handlers;

    @Inject
    FollowUps followUps;

    @Inject
    Clock clock;

    /** Summary of a finished operation. */
    public record Finished(String operationId, OperationState state, List<String> targetIds, int succeeded,
                           int failed, int skipped, String firstError) {
    }

    /**
     * A claimed document or dataset operation: its scope and the trace of the request that recorded it (null while
     * nothing is traced); or, for an operation given up instead of claimed again, what it ended with. (Segment and
     * batch operations are claimed in rounds.)
     */
    public record Claim(OperationKind kind, Finished givenUp, String traceparent) {
    }

    /** Takes the operation under a lease; empty when another worker holds it or it is finished. */
    @InTransaction
    public Optional<Claim> claim(String operationId, String owner, OffsetDateTime leaseUntil,
                                           int maxAttempts) {
        OffsetDateTime now = Timestamps.now(clock);
        if (!operations.claim(operationId, owner, leaseUntil, now, maxAttempts)) {
            return giveUpIfExhausted(operationId, maxAttempts, now);
        }
        return operations.findById(operationId).map(op -> new Claim(op.getKind(), null, op.getTraceparent()));
    }

    /**
     * Fails an operation whose every run died instead of running it again. Its unfinished items fail with the
     * reason gave_up_after_attempts and its targets recover as the handler of its kind says (a toggle's as a failed
     * index call does: a disable is undone, an enable marks its segment error); a reconcile of the dataset
     * follows, except after a reconcile itself.
     */
    @InTransaction
    public Optional<Claim> giveUpIfExhausted(String operationId, int maxAttempts, OffsetDateTime now) {
        String error = OperationItem.GAVE_UP + ": claimed " + maxAttempts + " times, and no run finished";
        if (!operations.giveUp(operationId, maxAttempts, error, now)) {
            return Optional.empty();
        }
        Operation op = operations.findById(operationId).orElseThrow();
        List<OperationItem> unfinished = operations.queuedItems(operationId);
        unfinished.forEach(i -> i.giveUp(error, now));
        handlers.of(op.getKind()).recoverGivenUp(op, unfinished, now);
        if (!op.isDatasetOperation()) {
            followUps.schedule(op.getTenantId(), op.getDatasetId());
        }
        Finished summary = summarize(op, operations.items(operationId));
        return Optional.of(new Claim(op.getKind(), new Finished(op.getId(), op.getState(), summary.targetIds(),
                summary.succeeded(), summary.failed(), summary.skipped(), summary.firstError()), op.getTraceparent()));
    }

    /** Back to queued, so that the next start takes it at once instead of waiting for the lease to run out. */
    @InTransaction
    public void handBack(String operationId, String owner) {
        operations.handBack(operationId, owner);
    }

    @InTransaction
    public Finished finish(String operationId) {
        return finishAll(List.of(operationId), Timestamps.now(clock)).get(0);
    }

    /**
     * Ends these operations, set-based: each in the state its items' tally gives ({@link OperationState#afterItems}),
     * in one statement. Their items must have been written already.
     */
    public List<Finished> finishAll(List<String> operationIds, OffsetDateTime now) {
        return inOrder(operationIds, operations.endByTally(operationIds, now));
    }

    /** Each operation's end from its tally, in the order of {@code operationIds}. */
    public static List<Finished> inOrder(List<String> operationIds, List<OperationRepository.Tally> tallies) {
        Map<String, OperationRepository.Tally> byId = new HashMap<>();
        tallies.forEach(t -> byId.put(t.operationId(), t));
        List<Finished> finished = new ArrayList<>();
        for (String id : operationIds) {
            OperationRepository.Tally t = byId.get(id);
            finished.add(new Finished(id, OperationState.afterItems(t.succeeded(), t.failed()), t.targetIds(),
                    t.succeeded(), t.failed(), t.skipped(), t.firstError()));
        }
        return finished;
    }

    /**
     * The counts of an operation's items (in position order), from their entities: a give-up has just changed them in
     * this transaction, where {@link #finishAll}'s SQL tally would not see them yet.
     */
    private static Finished summarize(Operation op, List<OperationItem> items) {
        int succeeded = 0;
        int failed = 0;
        int skipped = 0;
        String firstError = null;
        for (OperationItem i : items) {
            switch (i.getState()) {
                case SUCCEEDED -> succeeded++;
                case FAILED -> {
                    failed++;
                    firstError = firstError == null ? i.getError() : firstError;
                }
                default -> skipped++;
            }
        }
        return new Finished(op.getId(), OperationState.afterItems(succeeded, failed),
                items.stream().map(OperationItem::getTargetId).toList(), succeeded, failed, skipped, firstError);
    }
}
