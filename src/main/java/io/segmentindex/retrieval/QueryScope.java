package io.segmentindex.retrieval;

import io.segmentindex.knowledge.DatasetRepository;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.DocumentRepository;
import io.segmentindex.knowledge.IndexingTechnique;
import io.segmentindex.knowledge.SegmentRepository;
import io.segmentindex.knowledge.WireValue;
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
 * What a hit test reads before it asks the index, in one statement as every query needs all of it: the dataset as
 * the caller may see it, and what the index may hold by mistake, which the query excludes (targets of changes on
 * their way to the index, segments and documents whose indexing has not completed). Each condition stays with its
 * owner; this class only puts them side by side.
 */
@ApplicationScoped
public class QueryScope {

    private static final String DATASET = "dataset";
    private static final String SEGMENT = "segment_not_indexed";
    private static final String DOCUMENT = "document_not_indexed";
    private static final String STATEMENT = "SELECT '" + DATASET + "', t.indexing_technique FROM ("
            + DatasetRepository.TECHNIQUE_SQL + ") t UNION ALL SELECT '" + SEGMENT + "', s.id FROM ("
            + SegmentRepository.NOT_INDEXED_SQL + ") s UNION ALL SELECT '" + DOCUMENT + "', d.id FROM ("
            + DocumentRepository.NOT_INDEXED_SQL + ") d UNION ALL SELECT p.scope, p.target_id FROM ("
            + OperationRepository.PENDING_TARGETS_SQL + ") p";

    @PersistenceContext(unitName = "segments")
    EntityManager em;

    /** The dataset's indexing technique, and the segment and document ids to exclude (the caller's to grow). */
    public record Scope(IndexingTechnique technique, Set<String> excludedSegments, Set<String> excludedDocuments) {
    }

    /** The scope of a query of the tenant's dataset; not found if the tenant has no such dataset. */
    @SuppressWarnings("unchecked")
    public Scope read(String tenantId, String datasetId) {
        List<Object[]> rows = em.createNativeQuery(STATEMENT)
                .setParameter(1, datasetId).setParameter(2, tenantId)
                .setParameter(3, datasetId).setParameter(4, datasetId).setParameter(5, datasetId)
                .getResultList();
        IndexingTechnique technique = null;
        Set<String> segments = new HashSet<>();
        Set<String> documents = new HashSet<>();
        List<Object[]> pending = new ArrayList<>();
        for (Object[] r : rows) {
            switch ((String) r[0]) {
                case DATASET -> technique = WireValue.parse(IndexingTechnique.class, (String) r[1]).orElseThrow();
                case SEGMENT -> segments.add((String) r[1]);
                case DOCUMENT -> documents.add((String) r[1]);
                default -> pending.add(r);
            }
        }
        if (technique == null) {
            throw DatasetService.notFound();
        }
        OperationLookup.Pending ops = OperationLookup.Pending.of(OperationRepository.targetsByKind(pending));
        segments.addAll(ops.segmentIds());
        documents.addAll(ops.documentIds());
        return new Scope(technique, segments, documents);
    }
}
