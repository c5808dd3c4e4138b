package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Graceful stop: once the application starts stopping, no new background task starts (its operation stays
 * queued in PostgreSQL), running tasks get {@code shutdown.drain-seconds} to finish or hand their remaining
 * work back, and readiness reports DOWN.
 */
@ApplicationScoped
public class WorkGate {

    private static final Logger LOG = Logger.getLogger(WorkGate.class.getName());

    @Inject
    @ConfigProperty(name = "shutdown.drain-seconds")
    int drainSeconds;

    private volatile boolean stopping;
    private int running;

    /** False once stopping: the caller must leave its work for the next start. */
    public synchronized boolean enter() {
        if (stopping) {
            return false;
        }
        running++;
        return true;
    }

    public synchronized void exit() {
        running--;
        notifyAll();
    }

    public boolean stopping() {
        return stopping;
    }

    void drain(@Observes @BeforeDestroyed(ApplicationScoped.class) Object ignored) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainSeconds);
        synchronized (this) {
            stopping = true;
            LOG.info(() -> "Stopping: waiting up to " + drainSeconds + " s for " + running + " running task(s)");
            while (running > 0 && System.nanoTime() < deadline) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            if (running > 0) {
                LOG.warning(running + " task(s) still running at the drain bound; their leases hand them on");
            }
        }
    }
}
