package io.segmentindex.operations;

import io.segmentindex.platform.Problem;

/**
 * The database went away while this request committed, and did not come back in time to say whether the commit
 * happened. The operation id lets the client find out: the operation exists, or a 404 means nothing was accepted.
 */
public class OutcomeUnknown extends Problem {

    private final String operationId;

    public OutcomeUnknown(String operationId) {
        super(Kind.UNAVAILABLE, "outcome_unknown", "The database went away while this request was being recorded."
                + " Look up the operation: if it does not exist (404), nothing was accepted and the request can be"
                + " sent again.");
        this.operationId = operationId;
    }

    public String operationId() {
        return operationId;
    }
}
