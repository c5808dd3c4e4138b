package io.segmentindex.operations.toggle;

import io.segmentindex.knowledge.DatasetRef;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.IndexingTechnique;
import io.segmentindex.knowledge.Searchable;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.SegmentStatus;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.ItemEnd;
import io.segmentindex.operations.OperationRepository;
import io.segmentindex.platform.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

/**
 * The reads and writes of a round that span operations, segments and documents, each in one statement, so that a
 * lone toggle's round costs a few round trips to the database rather than one per table.
 */
@ApplicationScoped
public class RoundQueries {

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    /**
     * A queued item with what its plan needs: the segment's switch (null if the segment is gone), its document's
     * form (null if gone) and availability, and the operation's dataset (null if gone).
     */
    public record QueuedSegment(OperationRepository.Queued item, SegmentRepository.Switch segment, DocForm docForm,
                                boolean documentAvailable, DatasetRef dataset) {
    }

    /**
     * {@link #claimAndListQueued}'s statement; parameters those of {@link OperationRepository#CLAIM_ALL}, then the
     * operation ids. Only flipped segments are queued, so every target id of a round's operation is a valid uuid.
     * The SELECT reads the operations as they were before the claim (one snapshot): their tenant and dataset do not
     * move. Each operation's queued items are read by its key (OFFSET 0 keeps the planner from making that a join):
     * on a table never analysed, a join of a round's few dozen operations was planned as a scan of every item.
     */
    public static final String CLAIM_AND_LIST = "WITH claimed AS (" + OperationRepository.CLAIM_ALL + ")"
            + " SELECT CAST(i.operation_id AS varchar), i.position,"
            + " i.target_id, CAST(s.document_id AS varchar), s.enabled, s.status, s.version,"
            + " s.index_node_id, d.doc_form, (" + Searchable.documentSql("d") + "),"
            + " CAST(o.tenant_id AS varchar), CAST(ds.id AS varchar), ds.indexing_technique"
            + " FROM unnest(CAST(? AS uuid[])) AS x(id) CROSS JOIN LATERAL (SELECT * FROM operation_items"
            + " WHERE operation_id = x.id AND state = 'queued' OFFSET 0) i"
            + " JOIN operations o ON o.id = i.operation_id"
            + " LEFT JOIN document_segments s ON s.id = CAST(i.target_id AS uuid) AND s.tenant_id = o.tenant_id"
            + " LEFT JOIN documents d ON d.id = s.document_id"
            + " LEFT JOIN datasets ds ON ds.id = o.dataset_id AND ds.tenant_id = o.tenant_id";

    /**
     * Claims these operations ({@link OperationRepository#CLAIM_ALL}) and lists every queued item of theirs with its
     * segment, document and dataset, in one statement.
     */
    @SuppressWarnings("unchecked")
    public List<QueuedSegment> claimAndListQueued(Collection<String> operationIds, String owner,
                                                  OffsetDateTime leaseUntil, OffsetDateTime now) {
        if (operationIds.isEmpty()) {
            return List.of();
        }
        Query q = em.createNativeQuery(CLAIM_AND_LIST);
        int p = OperationRepository.bindClaimAll(q, operationIds, owner, leaseUntil, now);
        List<Object[]> rows = q.setParameter(p, SqlArrays.of(List.copyOf(operationIds))).getResultList();
        return rows.stream().map(RoundQueries::queuedSegment).toList();
    }

    private static QueuedSegment queuedSegment(Object[] r) {
        OperationRepository.Queued item = new OperationRepository.Queued((String) r[0], ((Number) r[1]).intValue(),
                (String) r[2]);
        SegmentRepository.Switch segment = r[3] == null ? null : new SegmentRepository.Switch((String) r[2],
                (String) r[3], (Boolean) r[4], WireValue.parse(SegmentStatus.class, (String) r[5]).orElseThrow(),
                ((Number) r[6]).longValue(), (String) r[7]);
        DocForm form = r[8] == null ? null : WireValue.parse(DocForm.class, (String) r[8]).orElseThrow();
        DatasetRef dataset = r[11] == null ? null : new DatasetRef((String) r[10], (String) r[11],
                WireValue.parse(IndexingTechnique.class, (String) r[12]).map(IndexingTechnique::usesVectors)
                        .orElse(false));
        return new QueuedSegment(item, segment, form, Boolean.TRUE.equals(r[9]), dataset);
    }

    /**
     * Ends the items of one index call alike ({@link OperationRepository#endItems}) and, in the same statement,
     * returns those of its segments whose switch no longer says {@code setTo}: toggled again while the call ran.
     */
    @SuppressWarnings("unchecked")
    public List<String> endCallItems(List<OperationRepository.Queued> items, ItemEnd end, boolean setTo,
                                     OffsetDateTime now) {
        if (items.isEmpty()) {
            return List.of();
        }
        // A data-modifying WITH runs to completion whether or not the query reads it.
        Query q = em.createNativeQuery("WITH ended AS (" + OperationRepository.END_ITEMS + ")"
                + " SELECT CAST(s.id AS varchar) FROM document_segments s"
                + " WHERE s.id = ANY (CAST(? AS uuid[])) AND s.enabled <> ?");
        int p = OperationRepository.bindEndItems(q, items, end, now);
        q.setParameter(p++, SqlArrays.of(items.stream().map(OperationRepository.Queued::targetId).toList()))
                .setParameter(p, setTo);
        return q.getResultList();
    }
}
