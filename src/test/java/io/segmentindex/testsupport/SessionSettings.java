package io.segmentindex.testsupport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * PostgreSQL settings of the connection the application's persistence unit uses in the caller's transaction, for
 * in-container tests of what a step sets for its own transaction.
 */
@ApplicationScoped
public class SessionSettings {

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    /** For the rest of the caller's transaction only. */
    public void setLocal(String name, String value) {
        em.createNativeQuery("SELECT set_config(?, ?, true)").setParameter(1, name).setParameter(2, value)
                .getSingleResult();
    }

    public String show(String name) {
        return (String) em.createNativeQuery("SELECT current_setting(?)").setParameter(1, name).getSingleResult();
    }
}
