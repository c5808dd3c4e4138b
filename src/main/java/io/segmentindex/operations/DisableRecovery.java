package io.segmentindex.operations;

import io.segmentindex.platform.ErrorText;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.logging.Logger;

/**
 * The seed's recovery for a disable that could not reach the index: the segments are enabled again, so the
 * database does not claim they are gone while the index still serves them. Unlike Dify it also clears
 * disabled_at/by and records the error on the operation.
 */
@Dependent
public class DisableRecovery implements FallbackHandler<IndexOutcome> {

    private static final Logger LOG = Logger.getLogger(DisableRecovery.class.getName());

    @Inject
    WorkerSteps steps;

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        IndexWork work = (IndexWork) context.getParameters()[0];
        String error = ErrorText.of(context.getFailure());
        LOG.warning(() -> "remove segment from index failed; re-enabling " + work.targets().size()
                + " segment(s) of operation " + work.operationId() + ": " + error);
        steps.reEnable(work);
        return IndexOutcome.recovered(work.attempts().get(), error);
    }
}
