package io.segmentindex.operations;

import io.segmentindex.platform.ErrorText;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

import java.util.logging.Logger;

/**
 * A document status change that could not reach the index is undone (a disabled document is enabled again,
 * an archived one restored, and so on), so the database never claims a state the index does not have.
 */
@Dependent
public class DocumentRecovery implements FallbackHandler<IndexOutcome> {

    private static final Logger LOG = Logger.getLogger(DocumentRecovery.class.getName());

    @Inject
    DocumentSteps steps;

    @Override
    public IndexOutcome handle(ExecutionContext context) {
        DocumentWork work = (DocumentWork) context.getParameters()[0];
        String error = ErrorText.of(context.getFailure());
        LOG.warning(() -> "document " + work.action().wire() + " could not reach the index; reverting document "
                + work.documentId() + " of operation " + work.operationId() + ": " + error);
        steps.revert(work);
        return IndexOutcome.recovered(work.attempts().get(), error);
    }
}
