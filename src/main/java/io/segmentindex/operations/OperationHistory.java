package io.segmentindex.operations;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Page;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.InTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;

/** A dataset's operations as an operator reviews them, and the retry of one that failed. */
@ApplicationScoped
public class OperationHistory {

    /** Retrying an operation twice answers with the first retry. */
    static final String RETRY_KEY_PREFIX = "retry:";

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

    /** An operation with how many of its items are in each state. */
    public record Listed(Operation operation, Map<ItemState, Long> itemCounts) {
    }

    @InTransaction
    public Page<Listed> ofDataset(String datasetId, Set<OperationState> states, int page, int limit) {
        knowledge.dataset(datasetId);
        Page<Operation> ops = operations.ofDataset(caller.tenantId(), datasetId, states, page, limit);
        Map<String, Map<ItemState, Long>> counts =
                operations.itemCounts(ops.data().stream().map(Operation::getId).toList());
        return new Page<>(ops.data().stream()
                .map(op -> new Listed(op, counts.getOrDefault(op.getId(), Map.of()))).toList(),
                ops.total(), ops.page(), ops.limit());
    }

    /**
     * Requests again what a failed or partly failed operation did not do, through its kind's own request path
     * (the same checks, markers and answers as a new request).
     */
    public ToggleResult retry(String operationId) {
        OperationLookup.Failed failed = lookup.failed(caller.tenantId(), operationId);
        return handlers.of(failed.operation().getKind())
                .retry(failed.operation(), failed.targets(), RETRY_KEY_PREFIX + operationId);
    }
}
