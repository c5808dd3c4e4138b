package io.segmentindex.platform;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Background rounds (sweeps, scheduled reconcile, lease heartbeat) on the server's scheduler, all cancelled on stop. */
@ApplicationScoped
public class Periodic {

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private final List<Future<?>> rounds = new CopyOnWriteArrayList<>();

    /** Runs {@code round} every {@code delay}, the first time after one delay, the next one after it ends. */
    public void every(Duration delay, Runnable round) {
        long ms = delay.toMillis();
        rounds.add(scheduler.scheduleWithFixedDelay(round, ms, ms, TimeUnit.MILLISECONDS));
    }

    @PreDestroy
    void stop() {
        rounds.forEach(r -> r.cancel(false));
    }
}
