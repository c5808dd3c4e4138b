package io.segmentindex.knowledge;

import io.segmentindex.platform.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import org.eclipse.persistence.config.HintValues;
import org.eclipse.persistence.config.QueryHints;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
        return idsFailing(datasetId, Searchable.segmentSql("s"));
    }

    /**
     * The ids ({@code id}) of the dataset's segments whose status is not searchable (being indexed, failed): the
     * index may hold some of their nodes whatever their switch says. One parameter, the dataset id.
     */
    public static final String NOT_INDEXED_SQL = idsFailingSql(Searchable.segmentStatusSql("s"));

    /** The ids of the dataset's segments {@code s} that fail the condition. */
    @SuppressWarnings("unchecked")
    private List<String> idsFailing(String datasetId, String condition) {
        return em.createNativeQuery(idsFailingSql(condition)).setParameter(1, datasetId).getResultList();
    }

    private static String idsFailingSql(String condition) {
        return "SELECT CAST(s.id AS varchar) AS id FROM document_segments s"
                + " WHERE s.dataset_id = CAST(? AS uuid) AND NOT (" + condition + ")";
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

    /**
     * Sets the switch of the segments that may take it (disable: enabled and completed; enable: disabled and
     * completed, or disabled by a failed enable), in one statement; returns the new version of each one flipped.
     * The conditions make it safe against concurrent toggles without locking rows first.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Long> flip(String tenantId, Collection<String> ids, boolean enable, String userId,
                                  OffsetDateTime now) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var q = em.createNativeQuery(Flip.statement(enable));
        Flip.bind(q, 1, enable, tenantId, ids, userId, now);
        Map<String, Long> out = new HashMap<>();
        for (Object[] row : (List<Object[]>) q.getResultList()) {
            out.put((String) row[0], ((Number) row[1]).longValue());
        }
        return out;
    }

    /**
     * What a flip of segment switches writes, in its two forms: {@link #statement}, one target for a set of
     * segments ({@link #flip}, a batch request), and {@link #eachStatement}, a target per segment (single requests
     * recorded together, embedded in the statement that records their operations). Keep the two alike.
     */
    public static final class Flip {

        private Flip() {
        }

        public static String statement(boolean enable) {
            return enable
                    ? "UPDATE document_segments SET enabled = true, disabled_at = NULL, disabled_by = NULL,"
                        + " updated_at = ?, updated_by = ?, version = version + 1"
                        + " WHERE id = ANY (CAST(? AS uuid[])) AND tenant_id = CAST(? AS uuid) AND NOT enabled"
                        + " AND " + SegmentStatus.switchableSql(true)
                        + " RETURNING CAST(id AS varchar) AS id, version"
                    : "UPDATE document_segments SET enabled = false, disabled_at = ?, disabled_by = ?,"
                        + " updated_at = ?, updated_by = ?, version = version + 1"
                        + " WHERE id = ANY (CAST(? AS uuid[])) AND tenant_id = CAST(? AS uuid) AND enabled"
                        + " AND " + SegmentStatus.switchableSql(false)
                        + " RETURNING CAST(id AS varchar) AS id, version";
        }

        /**
         * {@link #statement} row by row: flips each segment of {@code source} (a FROM item aliased {@code a} with the
         * columns {@code segment_id}, {@code tenant_id}, {@code to_enabled} and {@code requested_by}) to its own
         * target, where it may take it. Two parameters: the time, twice. Returns the columns of {@code s} and
         * {@code a} that {@code returning} names.
         */
        public static String eachStatement(String source, String returning) {
            return "UPDATE document_segments s SET enabled = a.to_enabled,"
                    + " disabled_at = CASE WHEN a.to_enabled THEN NULL ELSE CAST(? AS timestamptz) END,"
                    + " disabled_by = CASE WHEN a.to_enabled THEN NULL ELSE a.requested_by END,"
                    + " updated_at = ?, updated_by = a.requested_by, version = s.version + 1"
                    + " FROM " + source + " WHERE s.id = a.segment_id AND s.tenant_id = a.tenant_id"
                    + " AND s.enabled <> a.to_enabled AND CASE WHEN a.to_enabled THEN s."
                    + SegmentStatus.switchableSql(true) + " ELSE s." + SegmentStatus.switchableSql(false) + " END"
                    + " RETURNING " + returning;
        }

        /** Binds the statement's parameters from position {@code first}; returns the next free position. */
        public static int bind(Query q, int first, boolean enable, String tenantId,
                               Collection<String> ids, String userId, OffsetDateTime now) {
            int p = first;
            if (!enable) {
                q.setParameter(p++, now).setParameter(p++, userId);
            }
            q.setParameter(p++, now).setParameter(p++, userId).setParameter(p++, SqlArrays.of(ids))
                    .setParameter(p++, tenantId);
            return p;
        }
    }

    /** A segment's switch and state as a toggle checks them, read without its text. */
    public record Switch(String id, String documentId, boolean enabled, SegmentStatus status, long version,
                         String indexNodeId) {

        /** A newer toggle has moved the switch away from what an operation set it to: the newer one owns the index. */
        public boolean movedFrom(boolean setTo) {
            return enabled != setTo;
        }
    }

    /** The switch of a segment of this tenant and dataset; empty if there is none. */
    public Optional<Switch> switchOf(String tenantId, String datasetId, String id) {
        return switchesOf(tenantId, datasetId, List.of(id)).stream().findFirst();
    }

    /** The switches of those of these segments that belong to this tenant and dataset, in one statement. */
    public List<Switch> switchesOf(String tenantId, String datasetId, Collection<String> ids) {
        return switches(tenantId, datasetId, ids);
    }

    /** The switches of those of these segments that belong to this tenant, whatever their dataset. */
    public List<Switch> switchesOf(String tenantId, Collection<String> ids) {
        return switches(tenantId, null, ids);
    }

    /** One segment asked for within its tenant and dataset, under a key of the asker's (such as its request). */
    public record Asked(String key, String tenantId, String datasetId, String segmentId) {
    }

    /** The switch of each asked segment that exists in its tenant and dataset, by the asker's key, in one statement. */
    @SuppressWarnings("unchecked")
    public Map<String, Switch> switchesAsked(List<Asked> asked) {
        if (asked.isEmpty()) {
            return Map.of();
        }
        var q = em.createNativeQuery("SELECT CAST(s.id AS varchar), CAST(s.document_id AS varchar), s.enabled,"
                        + " s.status, s.version, s.index_node_id, a.asker FROM unnest(CAST(? AS text[]),"
                        + " CAST(? AS uuid[]), CAST(? AS uuid[]), CAST(? AS uuid[]))"
                        + " AS a(asker, tenant_id, dataset_id, segment_id) JOIN document_segments s"
                        + " ON s.id = a.segment_id AND s.tenant_id = a.tenant_id AND s.dataset_id = a.dataset_id")
                .setParameter(1, SqlArrays.ofText(asked.stream().map(Asked::key).toList()))
                .setParameter(2, SqlArrays.of(asked.stream().map(Asked::tenantId).toList()))
                .setParameter(3, SqlArrays.of(asked.stream().map(Asked::datasetId).toList()))
                .setParameter(4, SqlArrays.of(asked.stream().map(Asked::segmentId).toList()));
        Map<String, Switch> out = new HashMap<>();
        ((List<Object[]>) q.getResultList()).forEach(r -> out.put((String) r[6], switchOf(r)));
        return out;
    }

    private static Switch switchOf(Object[] r) {
        return new Switch((String) r[0], (String) r[1], (Boolean) r[2],
                WireValue.parse(SegmentStatus.class, (String) r[3]).orElseThrow(), ((Number) r[4]).longValue(),
                (String) r[5]);
    }

    @SuppressWarnings("unchecked")
    private List<Switch> switches(String tenantId, String datasetId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        var q = em.createNativeQuery("SELECT CAST(id AS varchar), CAST(document_id AS varchar), enabled, status,"
                        + " version, index_node_id FROM document_segments WHERE id = ANY (CAST(? AS uuid[]))"
                        + " AND tenant_id = CAST(? AS uuid)"
                        + (datasetId == null ? "" : " AND dataset_id = CAST(? AS uuid)"))
                .setParameter(1, SqlArrays.of(ids)).setParameter(2, tenantId);
        if (datasetId != null) {
            q.setParameter(3, datasetId);
        }
        return ((List<Object[]>) q.getResultList()).stream().map(SegmentRepository::switchOf).toList();
    }

    /** The recovery of a failed disable: back on, but only where nothing newer has touched the segment. */
    public int reEnable(Map<String, Long> expectedVersions, OffsetDateTime now) {
        return updateAtVersion("enabled = true, disabled_at = NULL, disabled_by = NULL, updated_at = ?",
                "NOT s.enabled", expectedVersions, now, null);
    }

    /** The recovery of a failed enable: off again, marked error with the reason, as Dify does. */
    public int markEnableFailed(Map<String, Long> expectedVersions, String error, OffsetDateTime now) {
        return updateAtVersion("enabled = false, disabled_at = ?, status = 'error', error = ?, updated_at = ?",
                "s.enabled", expectedVersions, now, error);
    }

    /** A successful enable clears an earlier failure (Dify's batch enable never does). */
    public int markIndexed(Collection<String> ids, OffsetDateTime now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return em.createNativeQuery("UPDATE document_segments SET status = 'completed', error = NULL,"
                        + " completed_at = COALESCE(completed_at, ?) WHERE id = ANY (CAST(? AS uuid[]))"
                        + " AND enabled AND status = 'error'")
                .setParameter(1, now).setParameter(2, SqlArrays.of(ids))
                .executeUpdate();
    }

    private int updateAtVersion(String set, String guard, Map<String, Long> expected, OffsetDateTime now,
                                String error) {
        if (expected.isEmpty()) {
            return 0;
        }
        List<String> ids = new ArrayList<>(expected.keySet());
        String versions = SqlArrays.of(ids.stream().map(expected::get).toList());
        var q = em.createNativeQuery("UPDATE document_segments s SET " + set + ", version = s.version + 1"
                + " FROM (SELECT unnest(CAST(? AS uuid[])) AS id, unnest(CAST(? AS bigint[])) AS v) x"
                + " WHERE s.id = x.id AND s.version = x.v AND " + guard);
        // Positional parameters follow the text: the SET clause's come first.
        int p = 1;
        if (error != null) {
            q.setParameter(p++, now).setParameter(p++, error);
        }
        q.setParameter(p++, now).setParameter(p++, SqlArrays.of(ids)).setParameter(p, versions);
        return q.executeUpdate();
    }

    public void addChild(ChildChunk child) {
        em.persist(child);
    }

    /** Child chunks of a document's segments, by parent segment id, in order. */
    public Map<String, List<ChildChunk>> childrenOfDocument(String documentId) {
        return em.createQuery("SELECT c FROM ChildChunk c WHERE c.documentId = :document ORDER BY c.position",
                        ChildChunk.class)
                .setParameter("document", documentId).getResultStream()
                .collect(Collectors.groupingBy(ChildChunk::getSegmentId, LinkedHashMap::new,
                        Collectors.toList()));
    }

    /**
     * These segments of the tenant with what retrieval shows of their documents, in one statement. Read-only: the
     * rows are shown, never changed, so they skip the persistence context's change tracking.
     */
    @SuppressWarnings("unchecked")
    public List<WithDocument> withDocuments(String tenantId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object[]> rows = em.createQuery("SELECT s, d.name, d.docForm, d.enabled, d.archived, d.indexingStatus"
                        + " FROM DocumentSegment s, Document d WHERE d.id = s.documentId AND s.tenantId = :tenant"
                        + " AND s.id IN :ids")
                .setParameter("tenant", tenantId).setParameter("ids", List.copyOf(ids))
                .setHint(QueryHints.READ_ONLY, HintValues.TRUE)
                .getResultList();
        List<WithDocument> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            DocumentSegment s = (DocumentSegment) r[0];
            IndexingStatus status = WireValue.parse(IndexingStatus.class, (String) r[5]).orElseThrow();
            out.add(new WithDocument(s, new DocumentBrief(s.getDocumentId(), (String) r[1],
                    WireValue.parse(DocForm.class, (String) r[2]).orElseThrow(),
                    Searchable.document((Boolean) r[3], (Boolean) r[4], status))));
        }
        return out;
    }

    /** A segment and its document as {@link #withDocuments} reads them. */
    public record WithDocument(DocumentSegment segment, DocumentBrief document) {
    }

    /** Child chunks by their index node ids. */
    public List<ChildChunk> childrenByNodeIds(Collection<String> nodeIds) {
        List<String> ids = new ArrayList<>(nodeIds);
        List<ChildChunk> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            out.addAll(em.createQuery("SELECT c FROM ChildChunk c WHERE c.indexNodeId IN :ids", ChildChunk.class)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + IN_CHUNK))).getResultList());
        }
        return out;
    }

    /** Child chunks of these segments, by parent segment id, in order. */
    public Map<String, List<ChildChunk>> childrenOf(Collection<String> segmentIds) {
        Map<String, List<ChildChunk>> out = new HashMap<>();
        List<String> ids = new ArrayList<>(segmentIds);
        for (int i = 0; i < ids.size(); i += IN_CHUNK) {
            em.createQuery("SELECT c FROM ChildChunk c WHERE c.segmentId IN :ids ORDER BY c.position", ChildChunk.class)
                    .setParameter("ids", ids.subList(i, Math.min(ids.size(), i + IN_CHUNK)))
                    .getResultStream()
                    .forEach(c -> out.computeIfAbsent(c.getSegmentId(), k -> new ArrayList<>()).add(c));
        }
        return out;
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
