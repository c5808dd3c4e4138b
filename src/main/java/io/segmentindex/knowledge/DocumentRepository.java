package io.segmentindex.knowledge;

import io.segmentindex.platform.Leases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Documents, scoped by tenant and dataset. */
@ApplicationScoped
public class DocumentRepository {

    /** The indexing of a document, leased while it runs. */
    public static final Leases.Kind INDEXING_LEASE = new Leases.Kind("document", "documents",
            "indexing_lease_until", "indexing_owner = ? AND indexing_status = 'indexing'");

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    public Optional<Document> find(String tenantId, String datasetId, String id) {
        Document d = em.find(Document.class, id);
        return d != null && d.getTenantId().equals(tenantId) && d.getDatasetId().equals(datasetId)
                ? Optional.of(d) : Optional.empty();
    }

    /** For background work, which already knows the row is its own. */
    public Optional<Document> findForUpdate(String id) {
        return Optional.ofNullable(em.find(Document.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** Undoes a status action that could not reach the index, unless something newer changed the document. */
    public int revertStatus(String documentId, long expectedVersion, DocumentAction action, OffsetDateTime now) {
        String set = switch (action) {
            case DISABLE -> "enabled = true, disabled_at = NULL, disabled_by = NULL";
            case ENABLE -> "enabled = false, disabled_at = ?";
            case ARCHIVE -> "archived = false, archived_at = NULL, archived_by = NULL";
            case UN_ARCHIVE -> "archived = true, archived_at = ?";
        };
        var q = em.createNativeQuery("UPDATE documents SET " + set + ", updated_at = ?, version = version + 1"
                + " WHERE id = CAST(? AS uuid) AND version = ?");
        int p = 1;
        if (set.contains("?")) {
            q.setParameter(p++, now);
        }
        return q.setParameter(p++, now).setParameter(p++, documentId).setParameter(p, expectedVersion)
                .executeUpdate();
    }

    public Optional<Document> findById(String id) {
        return Optional.ofNullable(em.find(Document.class, id));
    }

    public Page<Document> list(String tenantId, String datasetId, int page, int limit) {
        long total = em.createNamedQuery("Document.countByDataset", Long.class)
                .setParameter("tenant", tenantId).setParameter("dataset", datasetId).getSingleResult();
        var data = em.createNamedQuery("Document.byDataset", Document.class)
                .setParameter("tenant", tenantId).setParameter("dataset", datasetId)
                .setFirstResult((page - 1) * limit).setMaxResults(limit)
                .getResultList();
        return new Page<>(data, total, page, limit);
    }

    public int nextPosition(String datasetId) {
        Integer max = em.createNamedQuery("Document.maxPosition", Integer.class)
                .setParameter("dataset", datasetId).getSingleResult();
        return max == null ? 1 : max + 1;
    }

    /** Waiting since before {@code waitingBefore}, or indexing under a lease that ran out (or none). */
    public List<String> unfinished(OffsetDateTime waitingBefore, OffsetDateTime now) {
        return em.createNamedQuery("Document.unfinished", String.class)
                .setParameter("waiting", IndexingStatus.WAITING.wire())
                .setParameter("indexing", IndexingStatus.INDEXING.wire())
                .setParameter("waitingBefore", waitingBefore).setParameter("now", now)
                .setMaxResults(500).getResultList();
    }

    /** Documents whose segments retrieval must not return: disabled, archived or not completed. */
    public List<String> unavailableIn(String datasetId) {
        return idsFailing(datasetId, Searchable.documentSql("d"));
    }

    /**
     * The ids ({@code id}) of the dataset's documents whose indexing has not completed: the index may hold part of
     * them. One parameter, the dataset id.
     */
    public static final String NOT_INDEXED_SQL = idsFailingSql(Searchable.indexingCompleteSql("d"));

    /** The ids of the dataset's documents {@code d} that fail the condition. */
    @SuppressWarnings("unchecked")
    private List<String> idsFailing(String datasetId, String condition) {
        return em.createNativeQuery(idsFailingSql(condition)).setParameter(1, datasetId).getResultList();
    }

    private static String idsFailingSql(String condition) {
        return "SELECT CAST(d.id AS varchar) AS id FROM documents d WHERE d.dataset_id = CAST(? AS uuid)"
                + " AND NOT (" + condition + ")";
    }

    public int fail(String documentId, String message, OffsetDateTime now) {
        return em.createQuery("UPDATE Document d SET d.indexingStatus = :error, d.error = :message,"
                        + " d.indexingLeaseUntil = NULL, d.updatedAt = :now, d.version = d.version + 1 WHERE d.id = :id")
                .setParameter("error", IndexingStatus.ERROR.wire())
                .setParameter("message", message)
                .setParameter("now", now)
                .setParameter("id", documentId)
                .executeUpdate();
    }

    public void add(Document document) {
        em.persist(document);
    }
}
