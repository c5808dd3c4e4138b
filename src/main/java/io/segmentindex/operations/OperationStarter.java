package io.segmentindex.operations;

import io.segmentindex.platform.TransactionFailedException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last step of every request that records an operation: commit it, free the markers of the targets that
 * were not queued after all (any failure before the commit frees them all), and only then start the work. A commit
 * whose outcome is unknown (the connection died during it) is looked up by the operation's id, chosen before the
 * transaction, so that the answer says what happened: 202 if it was recorded, 503 if not, and if the database
 * does not answer in time, 503 with the id to look up.
 */
@ApplicationScoped
public class OperationStarter {

    private static final Logger LOG = Logger.getLogger(OperationStarter.class.getName());

    @Inject
    OperationWorker worker;

    @Inject
    OperationHandlers handlers;

    @Inject
    InFlightLocks locks;

    @Inject
    StaleMarkers staleMarkers;

    @Inject
    OperationLookup lookup;

    @Inject
    @ConfigProperty(name = "operations.outcome-check-ms")
    long outcomeCheckMillis;

    /**
     * Records an operation whose request took the markers {@code taken} of this kind ({@code scope}: segments run
     * in rounds, documents on the worker), then frees the markers it does not need and starts the work.
     */
    public ToggleResult start(InFlightLocks.Scope scope, String operationId, Set<String> taken,
                              Supplier<ToggleResult> recordInOneTransaction) {
        BiConsumer<Collection<String>, String> release = (ids, op) -> locks.release(scope, ids, op);
        ToggleResult result;
        try {
            result = recordInOneTransaction.get();
        } catch (TransactionFailedException e) {
            if (!e.mayHaveCommitted()) {
                releaseQuietly(release, taken, operationId);
                throw e;
            }
            result = lookUp(scope, operationId, taken, e).orElseGet(() -> {
                releaseQuietly(release, taken, operationId);
                throw e;
            });
        } catch (RuntimeException e) {
            releaseQuietly(release, taken, operationId);
            throw e;
        }
        if (result.replayed()) {
            // Another request with the same key recorded the operation: this one queued nothing of its own.
            releaseQuietly(release, taken, operationId);
            return result;
        }
        List<String> notQueued = result.items().stream()
                .filter(i -> taken.contains(i.id()) && !"queued".equals(i.result()))
                .map(ToggleResult.ItemResult::id).toList();
        releaseQuietly(release, notQueued, operationId);
        if (result.queuedAny() && scope == InFlightLocks.Scope.SEGMENT) {
            handlers.of(result.operation().getKind()).wake(operationId);
        } else if (result.queuedAny()) {
            worker.submit(operationId);
        }
        return result;
    }

    /** The operation as recorded, empty if it was not; {@link OutcomeUnknown} if the database cannot tell in time. */
    private Optional<ToggleResult> lookUp(InFlightLocks.Scope scope, String operationId, Set<String> taken,
                                          RuntimeException commitFailure) {
        long deadline = System.nanoTime() + outcomeCheckMillis * 1_000_000;
        while (true) {
            try {
                return lookup.recorded(operationId);
            } catch (RuntimeException stillDown) {
                if (System.nanoTime() > deadline) {
                    LOG.log(Level.WARNING, "Commit of operation " + operationId + " has an unknown outcome",
                            commitFailure);
                    staleMarkers.outcomeUnknown(scope, operationId, taken);
                    throw new OutcomeUnknown(operationId);
                }
                sleep();
            }
        }
    }

    /** After the commit, a marker that cannot be freed now is the marker sweep's to remove, not a failure. */
    private static void releaseQuietly(BiConsumer<Collection<String>, String> release, Collection<String> ids,
                                       String operationId) {
        try {
            release.accept(ids, operationId);
        } catch (RuntimeException e) {
            LOG.log(Level.INFO, "Markers of " + operationId + " not freed now; the marker sweep will", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
