package io.segmentindex.operations;

import io.segmentindex.platform.Timestamps;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The leases this server holds on running operations. They are renewed by a heartbeat, every third of the
 * lease, and not by progress: a long chunk or a reindex keeps its lease, while a server that dies stops
 * renewing and another replica's sweeper takes its work over once the lease has run out.
 */
@ApplicationScoped
public class Leases {

    private static final Logger LOG = Logger.getLogger(Leases.class.getName());
    /** Who holds a lease: the pod name on Kubernetes, and a per-start id, since a restarted pod keeps its name. */
    static final String OWNER = System.getenv().getOrDefault("HOSTNAME", "local") + "/" + UUID.randomUUID();

    @Inject
    OperationRepository operations;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "operations.lease-seconds")
    int leaseSeconds;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> heartbeat;

    public int seconds() {
        return leaseSeconds;
    }

    /** Ends the heartbeat for an operation that finished or was handed back. */
    public void release(String operationId) {
        held.remove(operationId);
    }

    /** Starts renewing the lease just taken on an operation. */
    public synchronized void hold(String operationId) {
        held.add(operationId);
        if (heartbeat == null) {
            long every = Math.max(1000, TimeUnit.SECONDS.toMillis(leaseSeconds) / 3);
            heartbeat = scheduler.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void renewAll() {
        if (held.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(held);
        try {
            int renewed = renew(ids);
            if (renewed < ids.size()) {
                // Finished between the copy and the update, or the lease was lost to a long stall.
                LOG.fine(() -> (ids.size() - renewed) + " of " + ids.size() + " lease(s) not renewed");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Lease renewal failed; the next heartbeat retries", e);
        }
    }

    @Transactional
    int renew(List<String> operationIds) {
        return operations.extendLeases(operationIds, OWNER, Timestamps.now(clock).plusSeconds(leaseSeconds));
    }

    @PreDestroy
    synchronized void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }
}
