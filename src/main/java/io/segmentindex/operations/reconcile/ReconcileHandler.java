package io.segmentindex.operations.reconcile;

import io.segmentindex.operations.DatasetAction;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationHandler;
import io.segmentindex.operations.OperationKind;
import io.segmentindex.operations.ToggleResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;

/** Reconcile and reindex runs over a dataset, for the engine: the worker runs them through {@link Reconciler}. */
@ApplicationScoped
public class ReconcileHandler implements OperationHandler {

    @Inject
    Reconciler reconciler;

    @Inject
    ReconcileRequests requests;

    @Override
    public Set<OperationKind> kinds() {
        return Set.of(OperationKind.DATASET);
    }

    @Override
    public void run(String operationId) {
        reconciler.run(operationId);
    }

    /** A dataset operation has no items: it runs again, whole. */
    @Override
    public ToggleResult retry(Operation failed, List<String> failedTargets, String idempotencyKey) {
        boolean reindex = DatasetAction.REINDEX.wire().equals(failed.getActionName());
        return new ToggleResult(requests.start(failed.getDatasetId(), reindex), List.of(), false);
    }
}
