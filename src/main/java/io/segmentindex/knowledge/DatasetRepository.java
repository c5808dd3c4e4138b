package io.segmentindex.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Optional;

/** Datasets, always looked up inside the caller's tenant: another tenant's dataset does not exist. */
@ApplicationScoped
public class DatasetRepository {

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    public Optional<Dataset> find(String tenantId, String id) {
        Dataset d = em.find(Dataset.class, id);
        return d != null && d.getTenantId().equals(tenantId) ? Optional.of(d) : Optional.empty();
    }

    /**
     * {@link #find} as SQL, for statements that read the dataset along with other things: its
     * {@code indexing_technique}, no row if the tenant has no such dataset. Parameters: the dataset id, the tenant id.
     */
    public static final String TECHNIQUE_SQL = "SELECT indexing_technique FROM datasets"
            + " WHERE id = CAST(? AS uuid) AND tenant_id = CAST(? AS uuid)";

    public Page<Dataset> list(String tenantId, int page, int limit) {
        long total = em.createNamedQuery("Dataset.countByTenant", Long.class)
                .setParameter("tenant", tenantId).getSingleResult();
        var data = em.createNamedQuery("Dataset.byTenant", Dataset.class)
                .setParameter("tenant", tenantId)
                .setFirstResult((page - 1) * limit)
                .setMaxResults(limit)
                .getResultList();
        return new Page<>(data, total, page, limit);
    }

    public boolean nameTaken(String tenantId, String name) {
        return em.createNamedQuery("Dataset.countByName", Long.class)
                .setParameter("tenant", tenantId).setParameter("name", name).getSingleResult() > 0;
    }

    /** Inserted at once, so that a unique violation is raised here and not at commit. */
    public void add(Dataset dataset) {
        em.persist(dataset);
        em.flush();
    }
}
