package io.segmentindex.operations;

import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * The reconcile that follows work the index may not have taken as the database recorded it (a fallback, an
 * operation given up, a reconcile that failed): queued for the dataset unless one is already waiting.
 */
@ApplicationScoped
public class FollowUps {

    @Inject
    OperationRepository operations;

    @Inject
    Clock clock;

    /** See {@link OperationRepository#scheduleFollowUp}. */
    @InTransaction
    public void schedule(String tenantId, String datasetId) {
        operations.scheduleFollowUp(tenantId, datasetId, Timestamps.now(clock));
    }
}
