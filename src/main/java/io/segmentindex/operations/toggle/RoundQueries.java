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
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.platform.SqlArrays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * The statement that claims a round, with parameters those of {@link OperationRepository#lockReadySql}, then
     * the attempts after which an operation is given up rather than claimed, the bound of segments, and those of
     * {@link OperationRepository#CLAIM_TAKEN}. Of the operations it locks, it claims the oldest whose totals fit
     * within the bound (the first always) and have attempts left, and lists every queued item of theirs with its
     * segment, document and dataset; each operation it locked but did not take has one row of its own, without an
     * item. One statement and its commit: each round trip to the database costs 1.6-2.5 ms under load, the most of
     * a lone toggle's round. The select reads the operations as they were before the claim (one snapshot): their
     * tenant and dataset do not move. Each operation's queued items are read by its key (OFFSET 0 keeps the planner
     * from making that a join): on a table never analysed, a join of a round's few dozen operations was planned as
     * a scan of every item. Only flipped segments are queued, so every target id of a round's operation is a valid
     * uuid. The commit does not wait for the flush ({@link OperationRepository#NO_FLUSH_WAIT}).
     */
    public static String claimSql(boolean orphans) {
        return "WITH locked AS (" + OperationRepository.lockReadySql(orphans) + "),"
                + " taken AS (SELECT id FROM (SELECT id, row_number() OVER w AS n, sum(total) OVER w AS upto"
                + " FROM locked WHERE attempts < ? WINDOW w AS (ORDER BY created_at, id)) c WHERE n = 1 OR upto <= ?),"
                + " claimed AS (" + OperationRepository.CLAIM_TAKEN + ")"
                + " SELECT CAST(l.id AS varchar), l.attempts, taken.id IS NOT NULL, CAST(l.tenant_id AS varchar),"
                + " l.action, l.traceparent, i.position, i.target_id, CAST(s.document_id AS varchar), s.enabled,"
                + " s.status, s.version, s.index_node_id, d.doc_form, (" + Searchable.documentSql("d") + "),"
                + " CAST(ds.id AS varchar), ds.indexing_technique, CAST(l.dataset_id AS varchar), "
                + OperationRepository.NO_FLUSH_WAIT
                + " FROM locked l LEFT JOIN taken ON taken.id = l.id"
                + " LEFT JOIN LATERAL (SELECT position, target_id FROM operation_items"
                + " WHERE operation_id = taken.id AND state = 'queued' OFFSET 0) i ON true"
                + " LEFT JOIN document_segments s ON s.id = CAST(i.target_id AS uuid) AND s.tenant_id = l.tenant_id"
                + " LEFT JOIN documents d ON d.id = s.document_id"
                + " LEFT JOIN datasets ds ON ds.id = l.dataset_id AND ds.tenant_id = l.tenant_id"
                + " ORDER BY l.created_at, l.id, i.position";
    }

    /**
     * What a round's claim took: its operations by id, oldest first, with their queued items; those it locked but
     * gave back for having been claimed too often already ({@code exhausted}), or for the bound ({@code deferred}).
     */
    public record Claimed(Map<String, OperationRepository.Header> taken, List<QueuedSegment> queued,
                          List<String> exhausted, List<String> deferred) {
    }

    /** Claims a round ({@link #claimSql}) in one statement. */
    @SuppressWarnings("unchecked")
    public Claimed claim(RoundSteps.RoundScope scope, String owner, OffsetDateTime leaseUntil, OffsetDateTime now,
                         int maxItems, int maxAttempts) {
        Query q = em.createNativeQuery(claimSql(scope.orphans()));
        int p = OperationRepository.bindLockReady(q, scope.local(), scope.orphans(), scope.queuedBefore(), now,
                Math.max(1, maxItems));
        q.setParameter(p++, maxAttempts).setParameter(p++, maxItems)
                .setParameter(p++, owner).setParameter(p++, leaseUntil).setParameter(p, now);
        Map<String, OperationRepository.Header> taken = new LinkedHashMap<>();
        List<QueuedSegment> queued = new ArrayList<>();
        List<String> exhausted = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            String id = (String) r[0];
            if (!Boolean.TRUE.equals(r[2])) {
                (((Number) r[1]).intValue() >= maxAttempts ? exhausted : deferred).add(id);
                continue;
            }
            OperationRepository.Header op = taken.computeIfAbsent(id, k -> new OperationRepository.Header(id,
                    (String) r[3], (String) r[17], WireValue.parse(ToggleAction.class, (String) r[4]).orElseThrow(),
                    (String) r[5]));
            if (r[6] != null) {
                queued.add(queuedSegment(op, r));
            }
        }
        return new Claimed(Collections.unmodifiableMap(taken), queued, exhausted, deferred);
    }

    private static QueuedSegment queuedSegment(OperationRepository.Header op, Object[] r) {
        String target = (String) r[7];
        OperationRepository.Queued item = new OperationRepository.Queued(op.id(), ((Number) r[6]).intValue(), target);
        SegmentRepository.Switch segment = r[8] == null ? null : new SegmentRepository.Switch(target,
                (String) r[8], (Boolean) r[9], WireValue.parse(SegmentStatus.class, (String) r[10]).orElseThrow(),
                ((Number) r[11]).longValue(), (String) r[12]);
        DocForm form = r[13] == null ? null : WireValue.parse(DocForm.class, (String) r[13]).orElseThrow();
        DatasetRef dataset = r[15] == null ? null : new DatasetRef(op.tenantId(), (String) r[15],
                WireValue.parse(IndexingTechnique.class, (String) r[16]).map(IndexingTechnique::usesVectors)
                        .orElse(false));
        return new QueuedSegment(item, segment, form, Boolean.TRUE.equals(r[14]), dataset);
    }

    /**
     * The statement that records a round: every item of its index calls ended ({@link OperationRepository#END_ITEMS},
     * each with its call's end), its operations ended by their tallies ({@link OperationRepository#tallyAndEnd}),
     * and the segments of its calls that went through whose switch no longer says what the call did (toggled
     * again while it ran). Its rows: each operation's tally, then one row per such segment, told apart by the last
     * column. The tally counts the items as they were before the statement, and the ends it wrote.
     * Parameters: those of END_ITEMS, then those of the tally, then the ids of the segments of calls that went
     * through and the switch each call set.
     */
    public static final String END_ROUND = "WITH ended AS (" + OperationRepository.END_ITEMS
            + " RETURNING i.operation_id, i.position, i.state, i.error), "
            + OperationRepository.tallyAndEnd("ended")
            + " SELECT " + OperationRepository.TALLY_COLUMNS + ", " + OperationRepository.NO_FLUSH_WAIT
            + ", 'ended' FROM tally UNION ALL SELECT CAST(s.id AS varchar), NULL, NULL, NULL, NULL, NULL, NULL,"
            + " 'moved' FROM unnest(CAST(? AS uuid[]), CAST(? AS boolean[])) AS m(id, set_to) CROSS JOIN LATERAL"
            + " (SELECT id FROM document_segments WHERE id = m.id AND enabled <> m.set_to OFFSET 0) s";

    /** What {@link #endRound} wrote: each operation's tally, and the segments that moved while their call ran. */
    public record RoundEnd(List<OperationRepository.Tally> tallies, Set<String> moved) {
    }

    /**
     * Records a round in one statement ({@link #END_ROUND}): each item with its end, the operations by their
     * tallies; {@code wentThrough} holds the switch each call that went through set, by segment id.
     */
    @SuppressWarnings("unchecked")
    public RoundEnd endRound(List<OperationRepository.Queued> items, List<ItemEnd> ends, List<String> operationIds,
                             Map<String, Boolean> wentThrough, OffsetDateTime now) {
        Query q = em.createNativeQuery(END_ROUND);
        int p = OperationRepository.bindEndItems(q, items, ends, now);
        q.setParameter(p++, SqlArrays.of(operationIds)).setParameter(p++, now)
                .setParameter(p++, SqlArrays.of(wentThrough.keySet()))
                .setParameter(p, SqlArrays.of(wentThrough.values()));
        List<OperationRepository.Tally> tallies = new ArrayList<>();
        Set<String> moved = new HashSet<>();
        for (Object[] r : (List<Object[]>) q.getResultList()) {
            if ("moved".equals(r[7])) {
                moved.add((String) r[0]);
            } else {
                tallies.add(OperationRepository.tally(r));
            }
        }
        return new RoundEnd(tallies, moved);
    }
}
