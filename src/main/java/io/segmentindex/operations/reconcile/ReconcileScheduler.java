package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.platform.DatabaseMigrations;
import io.segmentindex.platform.Periodic;
import io.segmentindex.platform.ScheduledRuns;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks every dataset at a fixed interval ({@code reconcile.interval-seconds}, 0 switches it off; with several
 * replicas one of them per round), and at
 * start-up, when the index reports an unclean stop (it persists in batches, so the last writes may be missing),
 * every dataset that changed since shortly before the index's last commit.
 * That repair runs before the other start-up work (resuming operations and ingestion), which observes the same
 * event at a later priority.
 */
@ApplicationScoped
public class ReconcileScheduler {

    private static final Logger LOG = Logger.getLogger(ReconcileScheduler.class.getName());

    /** Off only for a server that shares the database but not the index (the in-container test server). */
    @Inject
    @ConfigProperty(name = "background-work.enabled", defaultValue = "true")
    boolean backgroundWork;

    @Inject
    Reconciler reconciler;

    @Inject
    ReconcileSteps steps;

    @Inject
    SegmentIndex index;

    @Inject
    ScheduledRuns runs;

    @Inject
    @ConfigProperty(name = "reconcile.interval-seconds")
    int intervalSeconds;

    @Inject
    Periodic periodic;

    void start(@Observes @Priority(Interceptor.Priority.APPLICATION) DatabaseMigrations.SchemaReady ready) {
        if (!backgroundWork) {
            return;
        }
        index.uncleanStop().ifPresent(this::repairChangedSince);
        if (intervalSeconds > 0) {
            periodic.every(Duration.ofSeconds(intervalSeconds), this::checkAll);
        }
    }

    /** A minute of slack before the last commit, for clock steps between this process and the last. */
    void repairChangedSince(Instant lastCommit) {
        long t0 = System.nanoTime();
        int datasets = 0;
        OffsetDateTime since = lastCommit.minusSeconds(60).atOffset(ZoneOffset.UTC);
        for (Object[] row : steps.datasetsChangedSince(since)) {
            try {
                reconciler.repairAtStart((String) row[1], (String) row[0]);
                datasets++;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Start-up repair of dataset " + row[0] + " failed; the scheduled check retries",
                        e);
            }
        }
        int checked = datasets;
        LOG.info(() -> String.format("Index checked against the database after an unclean stop: %d dataset(s) in"
                + " %.1f s", checked, (System.nanoTime() - t0) / 1e9));
    }

    void checkAll() {
        try {
            if (!runs.claim("reconcile", Duration.ofSeconds(intervalSeconds))) {
                return; // another replica has this round
            }
            for (Object[] row : steps.datasets()) {
                reconciler.check((String) row[1], (String) row[0]);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduled reconcile failed; the next run retries", e);
        }
    }
}
