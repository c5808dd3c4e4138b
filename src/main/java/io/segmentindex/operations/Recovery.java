package io.segmentindex.operations;

import io.segmentindex.knowledge.Dataset;
import io.segmentindex.platform.ErrorText;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A fallback of {@link IndexCommands}: undoes what the failed call's database change claimed, records why, and
 * queues a reconcile of the dataset for what the failing index could not be told.
 */
abstract class Recovery<W> implements FallbackHandler<IndexOutcome> {

    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

    @Inject
    ReconcileSteps followUps;

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        @SuppressWarnings("unchecked")
        W work = (W) context.getParameters()[0];
        String error = ErrorText.of(context.getFailure());
        LOG.warning(() -> describe(work) + ": " + error);
        recover(work, error);
        Dataset dataset = dataset(work);
        followUps.scheduleFollowUp(dataset.getTenantId(), dataset.getId());
        return IndexOutcome.recovered(attempts(work).get(), error);
    }

    abstract Dataset dataset(W work);

    abstract String describe(W work);

    abstract void recover(W work, String error);

    abstract AtomicInteger attempts(W work);
}
