package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The leases this server holds on background work (operations, document indexing). They are renewed by a
 * heartbeat every third of the lease, not by progress: a long chunk or a reindex keeps its lease, while a
 * server that dies stops renewing and another replica's sweep takes its work over once the lease has run out.
 */
@ApplicationScoped
public class Leases {

    private static final Logger LOG = Logger.getLogger(Leases.class.getName());
    /** Who holds a lease: the pod name on Kubernetes, and a per-start id, since a restarted pod keeps its name. */
    public static final String OWNER = System.getenv().getOrDefault("HOSTNAME", "local") + "/" + UUID.randomUUID();

    /**
     * What can be leased, named by the code that owns its rows: their table, the column of a lease's end, and the
     * condition (SQL, over the table's columns, with the holder as its one parameter) under which the lease is
     * this server's and the work still runs.
     */
    public record Kind(String name, String table, String untilColumn, String heldWhile) {

        /**
         * Extends the leases this server holds (parameters: the new end, the ids, the holder). A row locked by
         * the transaction that is ending its work is skipped, not waited for: waiting made the heartbeat and a
         * round's record transaction deadlock (each holding rows the other wanted, a second lost each time), and
         * a lease whose work is ending needs no renewal, while a rolled-back end is renewed by the next beat.
         */
        public String renewal() {
            return "UPDATE " + table + " SET " + untilColumn + " = ? WHERE id IN (SELECT id FROM " + table
                    + " WHERE id = ANY (CAST(? AS uuid[])) AND " + heldWhile + " FOR UPDATE SKIP LOCKED)";
        }
    }

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "operations.lease-seconds")
    int leaseSeconds;

    @Inject
    Periodic periodic;

    @Inject
    Transactions transactions;

    private final Map<Kind, Set<String>> held = new ConcurrentHashMap<>();
    private boolean beating;

    /** When a lease taken now runs out. */
    public OffsetDateTime until() {
        return Timestamps.now(clock).plusSeconds(leaseSeconds);
    }

    /** Starts renewing a lease just taken. */
    public synchronized void hold(Kind kind, String id) {
        heldOf(kind).add(id);
        if (!beating) {
            periodic.every(Duration.ofMillis(Math.max(1000, TimeUnit.SECONDS.toMillis(leaseSeconds) / 3)),
                    this::renewAll);
            beating = true;
        }
    }

    /** Ends the heartbeat for work that finished or was handed back. */
    public void release(Kind kind, String id) {
        heldOf(kind).remove(id);
    }

    private Set<String> heldOf(Kind kind) {
        return held.computeIfAbsent(kind, k -> ConcurrentHashMap.newKeySet());
    }

    void renewAll() {
        for (Kind kind : List.copyOf(held.keySet())) {
            List<String> ids = List.copyOf(held.get(kind));
            if (ids.isEmpty()) {
                continue;
            }
            try {
                int renewed = transactions.call(() -> renew(kind, ids));
                if (renewed < ids.size()) {
                    // Finished between the copy and the update, being ended right now, or lost to a long stall.
                    LOG.fine(() -> (ids.size() - renewed) + " of " + ids.size() + " " + kind.name()
                            + " lease(s) not renewed");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Lease renewal failed; the next heartbeat retries", e);
            }
        }
    }

    private int renew(Kind kind, List<String> ids) {
        return em.createNativeQuery(kind.renewal()).setParameter(1, until())
                .setParameter(2, SqlArrays.of(ids)).setParameter(3, OWNER).executeUpdate();
    }
}
