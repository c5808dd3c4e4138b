package io.segmentindex.operations;

import io.segmentindex.knowledge.Dataset;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.concurrent.atomic.AtomicInteger;

/** The recovery for an enable that could not reach the index: disabled again, status error, with the reason. */
@Dependent
public class EnableRecovery extends Recovery<IndexWork>
        // Declared here too: the fault tolerance runtime matches a handler's type on the class itself.
        implements FallbackHandler<IndexOutcome> {

    @Inject
    WorkerSteps steps;

    @Override
    String describe(IndexWork work) {
        return "enable segment to index failed; disabling " + work.targets().size() + " segment(s) of operation "
                + work.operationId() + " with status error";
    }

    @Override
    void recover(IndexWork work, String error) {
        steps.markEnableFailed(work, error);
    }

    @Override
    Dataset dataset(IndexWork work) {
        return work.dataset();
    }

    @Override
    AtomicInteger attempts(IndexWork work) {
        return work.attempts();
    }
}
