package io.segmentindex.operations;

import io.segmentindex.platform.Leases;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.SubmitOnce;
import io.segmentindex.platform.WorkGate;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs operations in the background (segment and document enable/disable, reconcile, reindex): claims one (a
 * lease, so two workers never run it at once), re-reads its segments, makes the index calls chunk by chunk
 * through {@link IndexCommands}, records each result, and releases the in-flight markers it holds. A run that dies half-way leaves the operation running
 * under an expiring lease; the sweeper hands it to a worker again, which continues with what is still queued.
 */
@ApplicationScoped
public class OperationWorker {

    private static final Logger LOG = Logger.getLogger(OperationWorker.class.getName());

    @Inject
    WorkerSteps steps;

    @Inject
    IndexCommands commands;

    @Inject
    DocumentSteps documentSteps;

    @Inject
    Reconciler reconciler;

    @Inject
    WorkGate gate;

    @Inject
    io.segmentindex.indexing.IndexProcessorFactory processors;

    @Inject
    InFlightLocks locks;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Leases leases;

    @Inject
    @ConfigProperty(name = "operations.chunk-size")
    int chunkSize;

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
        long started = System.nanoTime();
        try {
            WorkerSteps.Claim claim = steps.claim(operationId, Leases.OWNER, leases.until(), chunkSize, maxAttempts)
                    .orElse(null);
            if (claim == null) {
                return;
            }
            if (claim.givenUp() != null) {
                metrics.operationsGivenUp().inc();
                releaseMarkers(claim.givenUp());
                LOG.warning(() -> "Operation " + operationId + " given up: claimed " + maxAttempts
                        + " times and no run finished (" + claim.givenUp().failed() + " item(s) failed)");
                return;
            }
            leases.hold(Leases.Kind.OPERATION, operationId);
            if ("dataset".equals(claim.scope())) {
                reconciler.run(operationId);
                return;
            }
            if ("document".equals(claim.scope())) {
                runDocuments(operationId, started);
                return;
            }
            WorkerSteps.Plan plan = claim.plan();
            String action = plan.action().wire();
            LOG.fine(() -> String.format("Start %s segments in index: operation %s (%d to do, %d skipped)", action,
                    operationId, plan.chunks().stream().mapToInt(c -> c.targets().size()).sum(), plan.skipped()));
            boolean fallback = false;
            WorkerSteps.Finished finished = null;
            for (int i = 0; i < plan.chunks().size(); i++) {
                IndexWork work = plan.chunks().get(i);
                if (gate.stopping()) {
                    steps.handBack(operationId, Leases.OWNER);
                    LOG.info(() -> "Operation " + operationId + " handed back for the next start");
                    return;
                }
                long t0 = System.nanoTime();
                IndexOutcome outcome = plan.action() == ToggleAction.DISABLE
                        ? commands.remove(work) : commands.restore(work);
                double ms = (System.nanoTime() - t0) / 1e6;
                metrics.indexCall(action).update(Duration.ofNanos(System.nanoTime() - t0));
                boolean last = i == plan.chunks().size() - 1;
                WorkerSteps.Recorded recorded = steps.record(work, outcome, ms, last);
                settleMovedSegments(work, recorded.moved());
                fallback |= !outcome.done();
                metrics.operations(action, outcome.done() ? "success" : "fallback").inc(work.targets().size());
                if (last) {
                    finished = recorded.finished();
                }
            }
            metrics.operations(action, "skipped").inc(plan.skipped());
            if (finished == null) {
                finished = steps.finish(operationId);
            }
            releaseMarkers(finished);
            String outcome = fallback ? "fallback" : plan.chunks().isEmpty() ? "skipped" : "success";
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.task(action, outcome).update(took);
            WorkerSteps.Finished done = finished;
            LOG.info(() -> String.format("Operation %s %s: %s (%d succeeded, %d failed, %d skipped) latency: %.3f s",
                    operationId, action, done.operation().getState().wire(), done.succeeded(),
                    done.failed(), done.skipped(), took.toNanos() / 1e9));
        } catch (RuntimeException e) {
            // Left running under its lease: the sweeper retries it once the lease has run out.
            LOG.log(Level.WARNING, "Operation " + operationId + " interrupted; it will be resumed", e);
        } finally {
            leases.release(Leases.Kind.OPERATION, operationId);
        }
    }

    /** A document status operation: one index call per document, then the document markers are released. */
    private void runDocuments(String operationId, long started) {
        List<DocumentWork> plan = documentSteps.plan(operationId);
        for (DocumentWork work : plan) {
            long t0 = System.nanoTime();
            IndexOutcome outcome = commands.applyDocument(work);
            documentSteps.recordOutcome(work, outcome, (System.nanoTime() - t0) / 1e6);
        }
        WorkerSteps.Finished finished = steps.finish(operationId);
        releaseMarkers(finished);
        LOG.info(() -> String.format("Document operation %s %s: %s (%d succeeded, %d failed, %d skipped) latency:"
                        + " %.3f s", operationId, finished.operation().getActionName(),
                finished.operation().getState().wire(), finished.succeeded(), finished.failed(), finished.skipped(),
                (System.nanoTime() - started) / 1e9));
    }

    /**
     * A segment toggled again while this call ran (possible once its marker has expired or Redis lost it) may
     * have had its newer index work overtaken by ours: re-apply its current state, so the last finisher always
     * leaves the index as the database says.
     */
    private void settleMovedSegments(IndexWork work, WorkerSteps.Moved moved) {
        try {
            if (!moved.toLoad().isEmpty()) {
                processors.processorFor(work.docForm()).load(work.dataset(), moved.toLoad());
            }
            if (!moved.toClean().isEmpty()) {
                processors.processorFor(work.docForm()).clean(work.dataset(), moved.toClean(), true);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not settle segments that moved during operation " + work.operationId()
                    + "; the reconciler will", e);
        }
    }

    private void releaseMarkers(WorkerSteps.Finished finished) {
        try {
            if (finished.operation().isDocumentOperation()) {
                locks.releaseDocuments(finished.targetIds(), finished.operation().getId());
                return;
            }
            locks.releaseSegments(finished.targetIds(), finished.operation().getId());
        } catch (RuntimeException e) {
            // The result is recorded; the sweep removes markers of ended operations within a sweep interval.
            LOG.log(Level.INFO, "Could not release in-flight markers of " + finished.operation().getId()
                    + " now; the marker sweep will", e);
        }
    }
}
