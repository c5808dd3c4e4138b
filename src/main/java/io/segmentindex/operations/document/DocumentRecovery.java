package io.segmentindex.operations.document;

import io.segmentindex.operations.IndexOutcome;
import io.segmentindex.operations.Recovery;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;

/**
 * A document status change that could not reach the index is undone (a disabled document is enabled again,
 * an archived one restored, and so on), so the database never claims a state the index does not have.
 */
@Dependent
public class DocumentRecovery extends Recovery<DocumentWork>
        // Declared here too: the fault tolerance runtime matches a handler's type on the class itself.
        implements FallbackHandler<IndexOutcome> {

    @Inject
    DocumentSteps steps;

    @Override
    protected String describe(DocumentWork work) {
        return "document " + work.action().wire() + " could not reach the index; reverting document "
                + work.documentId() + " of operation " + work.operationId();
    }

    @Override
    protected void recover(DocumentWork work, String error) {
        steps.revert(work);
    }
}
