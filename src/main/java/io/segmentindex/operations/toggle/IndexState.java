package io.segmentindex.operations.toggle;

import io.segmentindex.indexing.SegmentIndex;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.DocForm;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentSegment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.segmentindex.platform.InTransaction;

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

    @InTransaction
    public SegmentIndexState of(String datasetId, String segmentId) {
        DocumentSegment s = knowledge.segment(datasetId, null, segmentId);
        Document d = knowledge.document(datasetId, s.getDocumentId());
        // A parent-child segment is represented in the index by its child chunks only.
        List<String> nodeIds = d.getDocForm() == DocForm.HIERARCHICAL_MODEL
                ? knowledge.childChunks(List.of(s)).getOrDefault(s.getId(), List.of()).stream()
                        .map(ChildChunk::getIndexNodeId).toList()
                : List.of(s.getIndexNodeId());
        boolean present = !index.presentNodeIds(datasetId, nodeIds).isEmpty();
        return new SegmentIndexState(s.getId(), s.getIndexNodeId(), present, s.isSearchable() && d.isAvailableForIndex());
    }
}
