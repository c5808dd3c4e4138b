package io.segmentindex.operations.reconcile;

import io.segmentindex.indexing.IndexedNode;
import io.segmentindex.indexing.SegmentSource;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.Searchable;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.DatasetAction;
import io.segmentindex.operations.FollowUps;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationItem;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.operations.OperationState;
import io.segmentindex.platform.InTransaction;
import io.segmentindex.platform.SqlArrays;
import io.segmentindex.platform.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the database says the index should hold, and the records of reconcile runs. */
@ApplicationScoped
public class ReconcileSteps {

    /** The one rule of what belongs in the index, as SQL over segments (s) and documents (d). */
    private static final String SYSTEM_RECONCILE = " requested_by = '" + DatasetAction.SYSTEM + "' AND action = '"
            + DatasetAction.RECONCILE.wire() + "'";

    private static final String SEARCHABLE = " " + Searchable.segmentSql("s") + " AND " + Searchable.documentSql("d");

    /** Node id and segment id of the dataset's searchable segments of the flat forms. */
    private static final String FLAT_NODES = "SELECT s.index_node_id, CAST(s.id AS varchar) FROM document_segments s"
            + " JOIN documents d ON d.id = s.document_id WHERE s.dataset_id = CAST(?1 AS uuid)"
            + " AND d.doc_form <> 'hierarchical_model' AND" + SEARCHABLE;

    /** The same for parent-child documents, whose nodes are the child chunks. */
    private static final String CHILD_NODES = "SELECT c.index_node_id, CAST(s.id AS varchar) FROM child_chunks c"
            + " JOIN document_segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id"
            + " WHERE c.dataset_id = CAST(?1 AS uuid) AND d.doc_form = 'hierarchical_model' AND" + SEARCHABLE;

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    @Inject
    OperationRepository operations;

    @Inject
    SegmentRepository segments;

    @Inject
    DocumentRepository documents;

    @Inject
    FollowUps followUps;

    @Inject
    Clock clock;

    /**
     * Up to {@code limit} of the nodes the dataset's index should hold (child chunks for parent-child) whose id
     * comes after {@code afterNodeId}, in {@link IndexedNode#compareIds} order: byte order, as {@code COLLATE "C"}
     * sorts and the (dataset, node) indexes of V8 are built.
     */
    @SuppressWarnings("unchecked")
    @InTransaction
    public List<IndexedNode> expectedNodesAfter(String datasetId, String afterNodeId, int limit) {
        String page = " AND %1$s.index_node_id COLLATE \"C\" > ?2 ORDER BY %1$s.index_node_id COLLATE \"C\" LIMIT ?3";
        String sql = "SELECT node, segment FROM ((" + FLAT_NODES + page.formatted("s") + ") UNION ALL ("
                + CHILD_NODES + page.formatted("c") + ")) u (node, segment) ORDER BY node COLLATE \"C\" LIMIT ?3";
        List<Object[]> rows = em.createNativeQuery(sql).setParameter(1, datasetId).setParameter(2, afterNodeId)
                .setParameter(3, limit).getResultList();
        return rows.stream().map(r -> new IndexedNode((String) r[0], (String) r[1])).toList();
    }

    /** Node id -> segment id of the nodes these segments should have in the index now. */
    @SuppressWarnings("unchecked")
    @InTransaction
    public Map<String, String> expectedNodes(String datasetId, Collection<String> segmentIds) {
        if (segmentIds.isEmpty()) {
            return Map.of();
        }
        String only = " AND s.id = ANY (CAST(?2 AS uuid[]))";
        Map<String, String> out = new HashMap<>();
        for (String sql : List.of(FLAT_NODES + only, CHILD_NODES + only)) {
            var q = em.createNativeQuery(sql).setParameter(1, datasetId).setParameter(2, SqlArrays.of(segmentIds));
            for (Object[] row : (List<Object[]>) q.getResultList()) {
                out.put((String) row[0], (String) row[1]);
            }
        }
        return out;
    }

    /** Segments an unfinished operation will still write; see {@link OperationRepository#inFlight}. */
    @InTransaction
    public List<String> inFlight(String datasetId, Collection<String> segmentIds) {
        return operations.inFlight(datasetId, segmentIds);
    }

    /** The sources to load for these segments, grouped by document form. */
    @InTransaction
    public Map<DocForm, List<SegmentSource>> sources(String tenantId, Collection<String> segmentIds) {
        List<DocumentSegment> rows = segments.findAll(tenantId, segmentIds);
        Map<String, List<ChildChunk>> children = segments.childrenOf(rows.stream().map(DocumentSegment::getId).toList());
        Map<String, DocForm> forms = new HashMap<>();
        Map<DocForm, List<SegmentSource>> out = new LinkedHashMap<>();
        for (DocumentSegment s : rows) {
            DocForm form = forms.computeIfAbsent(s.getDocumentId(),
                    id -> documents.findById(id).map(Document::getDocForm).orElse(DocForm.TEXT_MODEL));
            out.computeIfAbsent(form, f -> new ArrayList<>())
                    .add(SegmentSource.of(s, children.getOrDefault(s.getId(), List.of())));
        }
        return out;
    }

    @InTransaction
    public boolean runUnderWay(String datasetId) {
        return operations.datasetRunUnderWay(datasetId, Timestamps.now(clock));
    }

    @InTransaction
    public Operation operation(String operationId) {
        return operations.findById(operationId).orElseThrow();
    }

    @InTransaction
    public Operation record(Operation operation) {
        operations.add(operation, List.of());
        return operation;
    }

    @InTransaction
    public void finish(String operationId, int missing, int extra, int repaired, String error) {
        Operation op = operations.findById(operationId).orElseThrow();
        op.summarize(missing, extra, repaired);
        op.finish(error == null ? OperationState.SUCCEEDED : OperationState.FAILED, error, Timestamps.now(clock));
    }

    /** Why {@link #beginSystemRun} did not start a run. */
    public enum SystemRun { STARTED, GIVEN_UP_NOW, GIVEN_UP_BEFORE }

    /**
     * A reconcile the service runs by itself (the start-up repair, the scheduled check) counts its attempts like
     * any operation, so one that kills the server cannot do so at every start: it takes over the dataset's
     * unfinished system reconcile (a run that died) or records a new one, running under this server's lease.
     * A dataset whose system reconcile was given up in the last day is left alone until someone asks for one.
     */
    @InTransaction
    public Map.Entry<SystemRun, String> beginSystemRun(String tenantId, String datasetId, String owner,
                                                                OffsetDateTime leaseUntil, int maxAttempts) {
        OffsetDateTime now = Timestamps.now(clock);
        boolean givenUp = !em.createNativeQuery("SELECT 1 FROM operations WHERE dataset_id = CAST(? AS uuid)"
                        + " AND" + SYSTEM_RECONCILE + " AND state = ?"
                        + " AND error LIKE '" + OperationItem.GAVE_UP + "%' AND finished_at > ?")
                .setParameter(1, datasetId).setParameter(2, OperationState.FAILED.wire())
                .setParameter(3, now.minusDays(1)).getResultList().isEmpty();
        if (givenUp) {
            return Map.entry(SystemRun.GIVEN_UP_BEFORE, "");
        }
        @SuppressWarnings("unchecked")
        List<String> died = em.createNativeQuery("SELECT CAST(id AS varchar) FROM operations"
                        + " WHERE dataset_id = CAST(? AS uuid) AND" + SYSTEM_RECONCILE
                        + " AND " + OperationRepository.UNOWNED + " ORDER BY created_at")
                .setParameter(1, datasetId).setParameter(2, now).getResultList();
        for (String id : died) {
            if (operations.claim(id, owner, leaseUntil, now, maxAttempts)) {
                return Map.entry(SystemRun.STARTED, id);
            }
            if (operations.giveUp(id, maxAttempts, OperationItem.GAVE_UP + ": claimed " + maxAttempts
                    + " times, and no run finished", now)) {
                return Map.entry(SystemRun.GIVEN_UP_NOW, id);
            }
        }
        Operation op = Operation.forDataset(UUID.randomUUID().toString(), tenantId, datasetId,
                DatasetAction.RECONCILE, DatasetAction.SYSTEM, now);
        operations.add(op, List.of());
        operations.claim(op.getId(), owner, leaseUntil, now, maxAttempts);
        return Map.entry(SystemRun.STARTED, op.getId());
    }

    /** A scheduled check that found nothing leaves no operation behind. */
    @InTransaction
    public void discard(String operationId) {
        em.createNativeQuery("DELETE FROM operations WHERE id = CAST(? AS uuid)").setParameter(1, operationId)
                .executeUpdate();
    }

    /** Queues a reconcile of the dataset unless one is already waiting; see {@link FollowUps#schedule}. */
    @InTransaction
    public void scheduleFollowUp(String tenantId, String datasetId) {
        followUps.schedule(tenantId, datasetId);
    }

    /**
     * Datasets whose index may have been written after {@code since}: an operation created, finished or still
     * unfinished since, or a document or segment updated or completed since. Every index write follows one of
     * these database changes, or precedes the end of its operation.
     */
    @SuppressWarnings("unchecked")
    @InTransaction
    public List<Object[]> datasetsChangedSince(OffsetDateTime since) {
        return em.createNativeQuery("WITH t AS (SELECT CAST(? AS timestamptz) AS since)"
                        + " SELECT CAST(d.id AS varchar), CAST(d.tenant_id AS varchar) FROM datasets d, t"
                        + " WHERE EXISTS (SELECT 1 FROM operations o WHERE o.dataset_id = d.id"
                        + " AND (o.created_at > t.since OR o.finished_at > t.since"
                        + " OR " + OperationState.unfinishedSql("o.state") + "))"
                        + " OR EXISTS (SELECT 1 FROM documents m WHERE m.dataset_id = d.id"
                        + " AND (m.updated_at > t.since OR m.completed_at > t.since))"
                        + " OR EXISTS (SELECT 1 FROM document_segments s WHERE s.dataset_id = d.id"
                        + " AND (s.updated_at > t.since OR s.completed_at > t.since))")
                .setParameter(1, since).getResultList();
    }

    @SuppressWarnings("unchecked")
    @InTransaction
    public List<Object[]> datasets() {
        return em.createNativeQuery("SELECT CAST(id AS varchar), CAST(tenant_id AS varchar) FROM datasets")
                .getResultList();
    }

    /** What this run found in the dataset, for the drift gauge of every replica. */
    @InTransaction
    public void recordDrift(String datasetId, int drift) {
        em.createNativeQuery("INSERT INTO dataset_drift (dataset_id, drift, checked_at) VALUES (CAST(? AS uuid), ?, ?)"
                        + " ON CONFLICT (dataset_id) DO UPDATE SET drift = EXCLUDED.drift, checked_at = EXCLUDED.checked_at")
                .setParameter(1, datasetId).setParameter(2, drift).setParameter(3, Timestamps.now(clock))
                .executeUpdate();
    }

    /** Drift found by the last run on each dataset, summed. */
    @InTransaction
    public long totalDrift() {
        return ((Number) em.createNativeQuery("SELECT COALESCE(SUM(drift), 0) FROM dataset_drift").getSingleResult())
                .longValue();
    }
}
