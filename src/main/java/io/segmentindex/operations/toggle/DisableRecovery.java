package io.segmentindex.operations.toggle;

import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.Recovery;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

/**
 * The seed's recovery for a disable that could not reach the index: the segments are enabled again, so the
 * database does not claim they are gone while the index still serves them. Unlike Dify it also clears
 * disabled_at/by and records the error on the operation.
 */
@Dependent
public class DisableRecovery extends Recovery<IndexWork>
        // Declared here too: the fault tolerance runtime matches a handler's type on the class itself.
        implements FallbackHandler<IndexOutcome> {

    @Inject
    RoundSteps steps;

    @Override
    protected String describe(IndexWork work) {
        return "remove segment from index failed; re-enabling " + work.targets().size() + " segment(s) of operation "
                + work.operationId();
    }

    @Override
    protected void recover(IndexWork work, String error) {
        steps.reEnable(work);
    }
}
