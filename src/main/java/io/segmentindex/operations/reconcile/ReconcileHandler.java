package io.segmentindex.operations.reconcile;

import io.segmentindex.operations.OperationHandler;
import io.segmentindex.operations.OperationKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** Reconcile and reindex runs over a dataset, for the engine: the worker runs them through {@link Reconciler}. */
@ApplicationScoped
public class ReconcileHandler implements OperationHandler {

    @Inject
    Reconciler reconciler;

    @Override
    public Set<OperationKind> kinds() {
        return Set.of(OperationKind.DATASET);
    }

    @Override
    public void run(String operationId) {
        reconciler.run(operationId);
    }
}
