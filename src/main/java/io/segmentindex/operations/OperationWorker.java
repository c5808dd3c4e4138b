package io.segmentindex.operations;

import io.segmentindex.platform.Leases;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.SubmitOnce;
import io.segmentindex.platform.Tracing;
import io.segmentindex.platform.WorkGate;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs document and dataset operations in the background (document enable/disable/archive, reconcile, reindex):
 * claims one (a lease, so two workers never run it at once) and has the {@link OperationHandler} of its kind run
 * it: make its index calls, record each result, and release the in-flight markers it holds. A run that dies
 * half-way leaves the operation running under an expiring lease; the sweeper hands it to a worker again, which
 * continues with what is still queued. Segment and batch operations run in rounds (ToggleRounds). A run is a span
 * that continues the trace of the request that recorded the operation, current while the handler runs.
 */
@ApplicationScoped
public class OperationWorker {

    private static final Logger LOG = Logger.getLogger(OperationWorker.class.getName());

    @Inject
    WorkerSteps steps;

    @Inject
    OperationHandlers handlers;

    @Inject
    WorkGate gate;

    @Inject
    InFlightLocks locks;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Leases leases;

    @Inject
    OperationWaits waits;

    @Inject
    Tracing tracing;

    /** Claims after which an operation whose runs keep dying (a crash, an out-of-memory) is given up. */
    @Inject
    @ConfigProperty(name = "operations.max-attempts")
    int maxAttempts;

    @Resource(lookup = "concurrent/indexing")
    ManagedExecutorService executor;

    private final SubmitOnce queued = new SubmitOnce();

    public void submit(String operationId) {
        if (gate.stopping()) {
            return; // stays queued; the next start picks it up
        }
        try {
            queued.submit(executor, operationId, () -> run(operationId));
        } catch (RejectedExecutionException e) {
            // Recorded as queued in PostgreSQL; the sweeper starts it once there is room.
            LOG.log(Level.WARNING, "Operation " + operationId + " deferred: executor full or stopping");
        }
    }

    public void run(String operationId) {
        if (!gate.enter()) {
            return;
        }
        try {
            runEntered(operationId);
        } finally {
            gate.exit();
        }
    }

    private void runEntered(String operationId) {
        try {
            WorkerSteps.Claim claim = steps.claim(operationId, Leases.OWNER, leases.until(), maxAttempts)
                    .orElse(null);
            if (claim == null) {
                return;
            }
            if (claim.givenUp() != null) {
                metrics.operationsGivenUp().inc();
                releaseMarkers(claim.kind(), claim.givenUp());
                waits.ended(List.of(operationId));
                LOG.warning(() -> "Operation " + operationId + " given up: claimed " + maxAttempts
                        + " times and no run finished (" + claim.givenUp().failed() + " item(s) failed)");
                return;
            }
            leases.hold(OperationRepository.LEASE, operationId);
            if (claim.kind().runsInRounds()) {
                // These run in rounds; this one was claimed by mistake: give it back.
                steps.handBack(operationId, Leases.OWNER);
                handlers.of(claim.kind()).wake(operationId);
            } else {
                runTraced(operationId, claim);
                waits.ended(List.of(operationId)); // ended, or left for a later run: its waiters read again
            }
        } catch (RuntimeException e) {
            // Left running under its lease: the sweeper retries it once the lease has run out.
            LOG.log(Level.WARNING, "Operation " + operationId + " interrupted; it will be resumed", e);
        } finally {
            leases.release(OperationRepository.LEASE, operationId);
        }
    }

    private void runTraced(String operationId, WorkerSteps.Claim claim) {
        OperationSpans spans = new OperationSpans(tracing, "operation",
                Collections.singletonMap(operationId, claim.traceparent()), Tracing.epochNanos());
        spans.of(operationId).setAttribute(OperationSpans.KIND, claim.kind().wire());
        try (var current = spans.of(operationId).makeCurrent()) {
            handlers.of(claim.kind()).run(operationId);
            spans.endAll(null, null); // the handler recorded how it ended
        } catch (RuntimeException e) {
            spans.endAll("interrupted", e);
            throw e;
        }
    }

    /**
     * Frees the in-flight markers of a finished operation of this kind (document markers for a document
     * operation, segment markers otherwise); one that cannot be freed now is left to the marker sweep.
     */
    public void releaseMarkers(OperationKind kind, WorkerSteps.Finished finished) {
        try {
            if (kind == OperationKind.DOCUMENT) {
                locks.releaseDocuments(finished.targetIds(), finished.operationId());
                return;
            }
            locks.releaseSegments(finished.targetIds(), finished.operationId());
        } catch (RuntimeException e) {
            // The result is recorded; the sweep removes markers of ended operations within a sweep interval.
            LOG.log(Level.INFO, "Could not release in-flight markers of " + finished.operationId()
                    + " now; the marker sweep will", e);
        }
    }
}
