package io.segmentindex.operations;

import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Recorded operations read back as what their request came to: for replays, and after a commit of unknown outcome. */
@ApplicationScoped
public class OperationLookup {

    @Inject
    OperationRepository operations;

    @InTransaction
    public Optional<ToggleResult> replay(String tenantId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        return operations.findByIdempotencyKey(tenantId, idempotencyKey).map(op -> new ToggleResult(op,
                operations.items(op.getId()).stream().map(OperationLookup::result).toList(), true));
    }

    /**
     * The first step of every transaction that records an operation under an idempotency key: requests with the
     * same key are answered as if they had come one after the other (the later ones replay the first).
     */
    @InTransaction
    public Optional<ToggleResult> replayAfterLock(String tenantId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Optional.empty();
        }
        operations.lockIdempotencyKey(tenantId, idempotencyKey);
        return replay(tenantId, idempotencyKey);
    }

    /** The operation of this id as recorded, with its items; empty if it was never committed. */
    @InTransaction
    public Optional<ToggleResult> recorded(String operationId) {
        return operations.findById(operationId).map(op -> new ToggleResult(op,
                operations.items(op.getId()).stream().map(OperationLookup::result).toList(), false));
    }

    /** The operation's state; empty if there is no such operation. */
    @InTransaction
    public Optional<OperationState> state(String operationId) {
        return Optional.ofNullable(operations.states(List.of(operationId)).get(operationId));
    }

    /** A finished operation that left work undone, with the targets of its failed items. */
    public record Failed(Operation operation, List<String> targets) {
    }

    /** The operation, if a retry may request its work again; otherwise the problem that says why not. */
    @InTransaction
    public Failed failed(String tenantId, String operationId) {
        Operation op = operations.find(tenantId, operationId)
                .orElseThrow(() -> Problem.notFound("Operation not found."));
        if (!op.getState().retryable()) {
            throw Problem.conflict("not_retryable", "Only a failed or partially failed operation"
                    + " can be retried; this one is " + op.getState().wire() + ".");
        }
        List<String> targets = operations.failedTargets(op.getId());
        if (targets.isEmpty() && op.getKind() != OperationKind.DATASET) {
            throw Problem.conflict("not_retryable", "No item of this operation failed.");
        }
        return new Failed(op, targets);
    }

    /** Segments and documents of a dataset with a change the index may not have taken yet. */
    public record Pending(List<String> segmentIds, List<String> documentIds) {

        /** From {@link OperationRepository#targetsByKind}: segment and batch toggles name segments. */
        public static Pending of(Map<OperationKind, List<String>> byKind) {
            List<String> segments = new ArrayList<>(byKind.getOrDefault(OperationKind.SEGMENT, List.of()));
            segments.addAll(byKind.getOrDefault(OperationKind.BATCH, List.of()));
            return new Pending(segments, byKind.getOrDefault(OperationKind.DOCUMENT, List.of()));
        }
    }

    /** What a request reports for one item: "queued", or why it was skipped. */
    public static ToggleResult.ItemResult result(OperationItem item) {
        return new ToggleResult.ItemResult(item.getTargetId(),
                item.getState() == ItemState.SKIPPED ? item.getReason() : "queued");
    }
}
