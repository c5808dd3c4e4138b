package io.segmentindex.retrieval;

import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.DocumentSegment;

/** A segment that matched a query, with its document and score. */
public record RetrievalRecord(DocumentSegment segment, Document document, double score) {
}
