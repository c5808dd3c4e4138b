package io.segmentindex.operations;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentSegment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.List;

/** Whether the index holds what the database says it should, for one segment. */
@ApplicationScoped
public class IndexState {

    @Inject
    DatasetService knowledge;

    @Inject
    SegmentIndex index;

    public record SegmentIndexState(String segmentId, String indexNodeId, boolean inIndex, boolean shouldBeInIndex) {
    }

    @Transactional
    public SegmentIndexState of(String datasetId, String segmentId) {
        DocumentSegment s = knowledge.segment(datasetId, null, segmentId);
        Document d = knowledge.document(datasetId, s.getDocumentId());
        boolean present = !index.presentNodeIds(datasetId, List.of(s.getIndexNodeId())).isEmpty();
        return new SegmentIndexState(s.getId(), s.getIndexNodeId(), present, s.isSearchable() && d.isAvailableForIndex());
    }
}
