package io.segmentindex.operations.reconcile;

import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.operations.DatasetAction;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationWorker;
import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.UUID;

/** Admin calls that reconcile or rebuild a dataset's index in the background, as operations. */
@ApplicationScoped
public class ReconcileRequests {

    @Inject
    DatasetService knowledge;

    @Inject
    ReconcileSteps steps;

    @Inject
    OperationWorker worker;

    @Inject
    CallerContext caller;

    @Inject
    Clock clock;

    /** {@code reindex} reloads every expected node; {@code reconcile} repairs only what disagrees. */
    public Operation start(String datasetId, boolean reindex) {
        knowledge.dataset(datasetId);
        Operation op = steps.record(Operation.forDataset(UUID.randomUUID().toString(), caller.tenantId(), datasetId,
                reindex ? DatasetAction.REINDEX : DatasetAction.RECONCILE, caller.userId(), Timestamps.now(clock)));
        worker.submit(op.getId());
        return op;
    }
}
