package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * Periodic work that one replica does for all: every replica ticks, and the first whose tick passes the run's
 * due time takes it and moves the due time on by the interval; the others skip that round.
 */
@ApplicationScoped
public class ScheduledRuns {

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    @Inject
    Clock clock;

    /** True for the one caller that takes this round of {@code name}. */
    @InTransaction
    public boolean claim(String name, Duration interval) {
        OffsetDateTime now = Timestamps.now(clock);
        em.createNativeQuery("INSERT INTO scheduled_runs (name, next_run_at) VALUES (?, ?) ON CONFLICT (name)"
                + " DO NOTHING").setParameter(1, name).setParameter(2, now).executeUpdate();
        return em.createNativeQuery("UPDATE scheduled_runs SET next_run_at = ?, last_owner = ? WHERE name = ?"
                        + " AND next_run_at <= ?")
                .setParameter(1, now.plus(interval)).setParameter(2, Leases.OWNER).setParameter(3, name)
                .setParameter(4, now).executeUpdate() == 1;
    }
}
