package io.segmentindex.operations;

import io.segmentindex.platform.ErrorText;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.logging.Logger;

/** The recovery for an enable that could not reach the index: disabled again, status error, with the reason. */
@Dependent
public class EnableRecovery implements FallbackHandler<IndexOutcome> {

    private static final Logger LOG = Logger.getLogger(EnableRecovery.class.getName());

    @Inject
    WorkerSteps steps;

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        IndexWork work = (IndexWork) context.getParameters()[0];
        String error = ErrorText.of(context.getFailure());
        LOG.warning(() -> "enable segment to index failed; disabling " + work.targets().size()
                + " segment(s) of operation " + work.operationId() + " with status error: " + error);
        steps.markEnableFailed(work, error);
        return IndexOutcome.recovered(work.attempts().get(), error);
    }
}
