package io.segmentindex.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Segments and their child chunks, scoped by tenant. */
@ApplicationScoped
public class SegmentRepository {

    private static final int IN_CHUNK = 1000;

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    public Optional<DocumentSegment> find(String tenantId, String datasetId, String id) {
        DocumentSegment s = em.find(DocumentSegment.class, id);
        return s != null && s.getTenantId().equals(tenantId) && s.getDatasetId().equals(datasetId)
                ? Optional.of(s) : Optional.empty();
    }

    public Page<DocumentSegment> page(String tenantId, String documentId, SegmentFilter filter, int page,
                                      int limit) {
        StringBuilder where = new StringBuilder(" WHERE s.tenantId = :tenant AND s.documentId = :document");
        if (filter.enabled() != null) {
            where.append(" AND s.enabled = :enabled");
        }
        if (filter.status() != null) {
            where.append(" AND s.status = :status");
        }
        if (filter.keyword() != null) {
            where.append(" AND LOWER(s.content) LIKE :keyword ESCAPE '\\'");
        }
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(s) FROM DocumentSegment s" + where, Long.class);
        TypedQuery<DocumentSegment> rows = em.createQuery("SELECT s FROM DocumentSegment s" + where
                + " ORDER BY s.position, s.id", DocumentSegment.class);
        for (TypedQuery<?> q : List.of(count, rows)) {
            q.setParameter("tenant", tenantId).setParameter("document", documentId);
            if (filter.enabled() != null) {
                q.setParameter("enabled", filter.enabled());
            }
            if (filter.status() != null) {
                q.setParameter("status", filter.status().wire());
            }
            if (filter.keyword() != null) {
                q.setParameter("keyword", "%" + escapeLike(filter.keyword().toLowerCase()) + "%");
            }
        }
        List<DocumentSegment> data = rows.setFirstResult((page - 1) * limit).setMaxResults(limit).getResultList();
        return new Page<>(data, count.getSingleResult(), page, limit);
    }

    public List<DocumentSegment> ofDocument(String documentId) {
        return em.createQuery("SELECT s FROM DocumentSegment s WHERE s.documentId = :document"
                        + " ORDER BY s.position", DocumentSegment.class)
                .setParameter("document", documentId).getResultList();
    }

    public List<DocumentSegment> findAll(String tenantId, Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        List<DocumentSegment> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i += IN_CHUNK) {
            out.addAll(em.createQuery("SELECT s FROM DocumentSegment s WHERE s.tenantId = :tenant"
                            + " AND s.id IN :ids", DocumentSegment.class)
                    .setParameter("tenant", tenantId)
                    .setParameter("ids", list.subList(i, Math.min(list.size(), i + IN_CHUNK)))
                    .getResultList());
        }
        return out;
    }

    /** Segments of a dataset that retrieval must not return: disabled, or not completed. */
    public List<String> unsearchableIn(String datasetId) {
        return em.createNamedQuery("Segment.unsearchableInDataset", String.class)
                .setParameter("dataset", datasetId)
                .setParameter("completed", SegmentStatus.COMPLETED.wire())
                .getResultList();
    }

    public int failUnfinished(String documentId, String message, OffsetDateTime now) {
        return em.createQuery("UPDATE DocumentSegment s SET s.status = :error, s.error = :message,"
                        + " s.stoppedAt = :now, s.version = s.version + 1"
                        + " WHERE s.documentId = :document AND s.status <> :completed")
                .setParameter("error", SegmentStatus.ERROR.wire())
                .setParameter("message", message)
                .setParameter("now", now)
                .setParameter("document", documentId)
                .setParameter("completed", SegmentStatus.COMPLETED.wire())
                .executeUpdate();
    }

    public void add(DocumentSegment segment) {
        em.persist(segment);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Optional filters of a segment listing; null means "any". */
    public record SegmentFilter(Boolean enabled, SegmentStatus status, String keyword) {
    }
}
