package io.segmentindex.retrieval;

import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DocumentBrief;
import io.segmentindex.knowledge.DocumentSegment;

import java.util.List;

/**
 * A segment that matched a query, with its document and score; for parent-child documents, the child chunks
 * that matched, best first.
 */
public record RetrievalRecord(DocumentSegment segment, DocumentBrief document, double score, List<ChildHit> childChunks) {

    public record ChildHit(ChildChunk chunk, double score) {
    }
}
