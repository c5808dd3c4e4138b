package io.segmentindex.operations;

import io.segmentindex.platform.DatabaseMigrations;
import io.segmentindex.platform.Periodic;
import io.segmentindex.platform.ScheduledRuns;
import io.segmentindex.platform.ServiceMetrics;
import io.segmentindex.platform.Timestamps;
import io.segmentindex.platform.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the operation history bounded: operations that ended more than {@code operations.retention-days} ago are
 * removed with their items (0 keeps every one), checked every {@code operations.retention-check-seconds} by one
 * replica. Deleted in slices, each its own transaction, so that no statement holds many locks for long. An
 * idempotency key is honoured as long as its operation is kept.
 */
@ApplicationScoped
public class OperationRetention {

    private static final Logger LOG = Logger.getLogger(OperationRetention.class.getName());
    static final int SLICE = 5_000;

    @Inject
    @ConfigProperty(name = "background-work.enabled", defaultValue = "true")
    boolean backgroundWork;

    @Inject
    @ConfigProperty(name = "operations.retention-days")
    int retentionDays;

    @Inject
    @ConfigProperty(name = "operations.retention-check-seconds")
    int checkSeconds;

    @Inject
    OperationRepository operations;

    @Inject
    Transactions transactions;

    @Inject
    ScheduledRuns runs;

    @Inject
    Periodic periodic;

    @Inject
    ServiceMetrics metrics;

    @Inject
    Clock clock;

    void start(@Observes DatabaseMigrations.SchemaReady ready) {
        if (backgroundWork && retentionDays > 0 && checkSeconds > 0) {
            periodic.every(Duration.ofSeconds(checkSeconds), this::pruneIfDue);
        }
    }

    void pruneIfDue() {
        try {
            if (runs.claim("operation-retention", Duration.ofSeconds(checkSeconds))) {
                prune(Timestamps.now(clock).minusDays(retentionDays));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Removing old operations failed; the next check retries", e);
        }
    }

    /** Removes every operation that ended before {@code endedBefore}; returns how many. */
    long prune(OffsetDateTime endedBefore) {
        long removed = 0;
        int slice;
        do {
            slice = transactions.call(() -> operations.pruneEnded(endedBefore, SLICE));
            if (slice > 0) {
                removed += slice;
                metrics.operationsPruned().inc(slice);
            }
        } while (slice == SLICE);
        if (removed > 0) {
            long total = removed;
            LOG.info(() -> "Removed " + total + " operation(s) that ended before " + endedBefore);
        }
        return removed;
    }
}
