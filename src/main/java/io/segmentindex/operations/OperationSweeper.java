package io.segmentindex.operations;

import io.segmentindex.platform.CachedCount;
import io.segmentindex.platform.DatabaseMigrations;
import io.segmentindex.platform.Periodic;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Nothing accepted is lost: at start-up, and then periodically, operations that nobody is working on (queued
 * and not picked up, or running under an expired lease after a crash) are handed to the worker again.
 */
@ApplicationScoped
public class OperationSweeper {

    private static final Logger LOG = Logger.getLogger(OperationSweeper.class.getName());

    /** Off only for a server that shares the database but not the index (the in-container test server). */
    @Inject
    @ConfigProperty(name = "background-work.enabled", defaultValue = "true")
    boolean backgroundWork;

    @Inject
    OperationRepository operations;

    @Inject
    OperationWorker worker;

    @Inject
    OperationHandlers handlers;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "operations.sweep-interval-seconds")
    int intervalSeconds;

    @Inject
    Periodic periodic;

    void start(@Observes DatabaseMigrations.SchemaReady ready) {
        if (!backgroundWork) {
            return;
        }
        metrics.backlog(new CachedCount("backlog", this::readBacklog));
        // The first round runs one interval after start, when the server is up: an operation that killed the
        // last run must not kill this one before it can even answer, and it counts towards giving up.
        periodic.every(Duration.ofSeconds(intervalSeconds),
                () -> resume(Timestamps.now(clock).minusSeconds(intervalSeconds)));
    }

    @Inject
    StaleMarkers staleMarkers;

    /** Queued operations older than {@code queuedBefore}, and every running one whose lease has expired. */
    void resume(OffsetDateTime queuedBefore) {
        try {
            staleMarkers.sweep(1000);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Marker sweep skipped (Redis unavailable); the next one retries", e);
        }
        try {
            List<String> ids = claimable(queuedBefore);
            if (!ids.isEmpty()) {
                LOG.info(() -> "Resuming " + ids.size() + " unfinished document or dataset operation(s)");
                ids.forEach(worker::submit);
            }
            if (orphanedToggles(queuedBefore)) {
                handlers.ofRounds().forEach(OperationHandler::wakeForOrphans);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sweep for unfinished operations failed; the next one will retry", e);
        }
    }

    @InTransaction
    List<String> claimable(OffsetDateTime queuedBefore) {
        return operations.claimable(queuedBefore, Timestamps.now(clock), 500);
    }

    @InTransaction
    boolean orphanedToggles(OffsetDateTime queuedBefore) {
        return operations.orphanedTogglesExist(queuedBefore, Timestamps.now(clock));
    }

    @InTransaction
    long readBacklog() {
        return operations.backlog();
    }
}
