package io.segmentindex.operations.toggle;

import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.Recovery;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

/** The recovery for an enable that could not reach the index: disabled again, status error, with the reason. */
@Dependent
public class EnableRecovery extends Recovery<IndexWork>
        // Declared here too: the fault tolerance runtime matches a handler's type on the class itself.
        implements FallbackHandler<IndexOutcome> {

    @Inject
    RoundSteps steps;

    @Override
    protected String describe(IndexWork work) {
        return "enable segment to index failed; disabling " + work.targets().size() + " segment(s) of operation "
                + work.operationId() + " with status error";
    }

    @Override
    protected void recover(IndexWork work, String error) {
        steps.markEnableFailed(work, error);
    }
}
