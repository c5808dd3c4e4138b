package io.segmentindex.operations.document;

import io.segmentindex.knowledge.DocumentAction;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationHandler;
import io.segmentindex.operations.OperationKind;
import io.segmentindex.operations.OperationWorker;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.operations.WorkerSteps;
import io.segmentindex.platform.Tracing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Document status operations, for the engine: the worker runs each one, one index call per document through
 * {@link DocumentCommands}, then releases the document markers.
 */
@ApplicationScoped
public class DocumentHandler implements OperationHandler {

    private static final Logger LOG = Logger.getLogger(DocumentHandler.class.getName());

    @Inject
    DocumentSteps documentSteps;

    @Inject
    DocumentCommands commands;

    @Inject
    WorkerSteps steps;

    @Inject
    OperationWorker worker;

    @Inject
    DocumentStatusRequests requests;

    @Override
    public Set<OperationKind> kinds() {
        return Set.of(OperationKind.DOCUMENT);
    }

    @Override
    public ToggleResult retry(Operation failed, List<String> failedTargets, String idempotencyKey) {
        DocumentAction action = WireValue.parse(DocumentAction.class, failed.getActionName()).orElseThrow();
        return requests.change(failed.getDatasetId(), failedTargets, action, idempotencyKey);
    }

    /** One index call per document, then the document markers are released. */
    @Override
    public void run(String operationId) {
        long started = System.nanoTime();
        List<DocumentWork> plan = documentSteps.plan(operationId);
        for (DocumentWork work : plan) {
            long t0 = System.nanoTime();
            IndexOutcome outcome = commands.applyDocument(work);
            documentSteps.recordOutcome(work, outcome, (System.nanoTime() - t0) / 1e6);
        }
        WorkerSteps.Finished finished = steps.finish(operationId);
        worker.releaseMarkers(OperationKind.DOCUMENT, finished);
        String traced = Tracing.logIds();
        LOG.info(() -> String.format("Document operation %s: %s (%d succeeded, %d failed, %d skipped) latency:"
                        + " %.3f s", operationId, finished.state().wire(), finished.succeeded(), finished.failed(),
                finished.skipped(), (System.nanoTime() - started) / 1e9) + traced);
    }
}
