package io.segmentindex.retrieval;

import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.operations.OperationLookup;
import io.segmentindex.operations.OperationRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the index may hold by mistake for a dataset, which a query therefore excludes: targets of changes on their
 * way to the index, and segments and documents whose indexing has not completed. Read in one statement, as each
 * query needs all three; the conditions stay with their owners.
 */
@ApplicationScoped
public class InFlight {

    private static final String SEGMENT = "segment_not_indexed";
    private static final String DOCUMENT = "document_not_indexed";
    private static final String STATEMENT = "SELECT '" + SEGMENT + "', s.id FROM (" + SegmentRepository.NOT_INDEXED_SQL
            + ") s UNION ALL SELECT '" + DOCUMENT + "', d.id FROM (" + DocumentRepository.NOT_INDEXED_SQL
            + ") d UNION ALL SELECT p.scope, p.target_id FROM (" + OperationRepository.PENDING_TARGETS_SQL + ") p";

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    /** Segment and document ids to exclude; the sets are the caller's to grow. */
    public record Excluded(Set<String> segmentIds, Set<String> documentIds) {
    }

    @SuppressWarnings("unchecked")
    public Excluded in(String datasetId) {
        List<Object[]> rows = em.createNativeQuery(STATEMENT)
                .setParameter(1, datasetId).setParameter(2, datasetId).setParameter(3, datasetId)
                .getResultList();
        Set<String> segments = new HashSet<>();
        Set<String> documents = new HashSet<>();
        List<Object[]> pending = new ArrayList<>();
        for (Object[] r : rows) {
            switch ((String) r[0]) {
                case SEGMENT -> segments.add((String) r[1]);
                case DOCUMENT -> documents.add((String) r[1]);
                default -> pending.add(r);
            }
        }
        OperationLookup.Pending ops = OperationLookup.Pending.of(OperationRepository.targetsByKind(pending));
        segments.addAll(ops.segmentIds());
        documents.addAll(ops.documentIds());
        return new Excluded(segments, documents);
    }
}
