package io.segmentindex.operations;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Page;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.InTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A dataset's operations as an operator reviews them, and the retry of one that failed. */
@ApplicationScoped
public class OperationHistory {

    @Inject
    OperationRepository operations;

    @Inject
    OperationHandlers handlers;

    @Inject
    OperationLookup lookup;

    @Inject
    DatasetService knowledge;

    @Inject
    CallerContext caller;

    /** An operation with how many of its items are in each state, and its retry if it had one (else null). */
    public record Listed(Operation operation, Map<ItemState, Long> itemCounts, Operation retry) {
    }

    @InTransaction
    public Page<Listed> ofDataset(String datasetId, Set<OperationState> states, Set<OperationKind> kinds, int page,
                                  int limit) {
        knowledge.dataset(datasetId);
        Page<Operation> ops = operations.ofDataset(caller.tenantId(), datasetId, states, kinds, page, limit);
        List<String> ids = ops.data().stream().map(Operation::getId).toList();
        Map<String, Map<ItemState, Long>> counts = operations.itemCounts(ids);
        Map<String, Operation> retries = operations.byIdempotencyKeys(caller.tenantId(),
                ids.stream().map(OperationHistory::retryKey).toList());
        return new Page<>(ops.data().stream().map(op -> new Listed(op, counts.getOrDefault(op.getId(), Map.of()),
                retries.get(retryKey(op.getId())))).toList(), ops.total(), ops.page(), ops.limit());
    }

    /**
     * Requests again what a failed or partly failed operation did not do, through its kind's own request path
     * (the same checks, markers and answers as a new request).
     */
    public ToggleResult retry(String operationId) {
        OperationLookup.Failed failed = lookup.failed(caller.tenantId(), operationId);
        return handlers.of(failed.operation().getKind())
                .retry(failed.operation(), failed.targets(), retryKey(operationId));
    }

    /** The idempotency key of an operation's retry: it names the retry, and makes a second one replay it. */
    static String retryKey(String operationId) {
        return "retry:" + operationId;
    }
}
