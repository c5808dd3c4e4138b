package io.segmentindex.operations;

import io.segmentindex.platform.DatabaseMigrations;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Checks every dataset at a fixed interval ({@code reconcile.interval-seconds}, 0 switches it off). */
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
    @ConfigProperty(name = "reconcile.interval-seconds")
    int intervalSeconds;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> schedule;

    void start(@Observes DatabaseMigrations.SchemaReady ready) {
        if (!backgroundWork) {
            return;
        }
        if (intervalSeconds > 0) {
            schedule = scheduler.scheduleWithFixedDelay(this::checkAll, intervalSeconds, intervalSeconds,
                    TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    void checkAll() {
        try {
            for (Object[] row : steps.datasets()) {
                reconciler.check((String) row[1], (String) row[0]);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Scheduled reconcile failed; the next run retries", e);
        }
    }
}
