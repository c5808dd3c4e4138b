package io.segmentindex.operations;

import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.platform.ErrorText;
import io.segmentindex.platform.Tracing;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.logging.Logger;

/**
 * A fallback of an index call (those of the toggle package's IndexCommands and the document package's
 * DocumentCommands): undoes what the failed call's database change claimed, records why, and queues a reconcile
 * of the dataset for what the failing index could not be told.
 */
public abstract class Recovery<W extends RecoverableWork> implements FallbackHandler<IndexOutcome> {

    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());

    @Inject
    FollowUps followUps;

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        @SuppressWarnings("unchecked")
        W work = (W) context.getParameters()[0];
        String error = ErrorText.of(context.getFailure());
        // Runs in the failed call's thread: its span, if one is current, names the operation's trace.
        String traced = Tracing.logIds();
        LOG.warning(() -> describe(work) + ": " + error + traced);
        recover(work, error);
        DatasetRef dataset = work.dataset();
        followUps.schedule(dataset.tenantId(), dataset.id());
        return IndexOutcome.recovered(work.attempts().get(), error);
    }

    protected abstract String describe(W work);

    protected abstract void recover(W work, String error);
}
