package io.segmentindex.operations.toggle;

import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.platform.ErrorText;
import jakarta.enterprise.context.Dependent;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/** A grouped index call failed after its retries: reported, not recovered; the round splits it (see the caller). */
@Dependent
public class GroupedCallFailed implements FallbackHandler<IndexOutcome> {

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        IndexWork work = (IndexWork) context.getParameters()[0];
        return IndexOutcome.groupFailed(work.attempts().get(), ErrorText.of(context.getFailure()),
                context.getFailure() instanceof CircuitBreakerOpenException);
    }
}
