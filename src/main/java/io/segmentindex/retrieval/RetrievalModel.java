package io.segmentindex.retrieval;

/** How to search: the method, how many records, and an optional minimum score. */
public record RetrievalModel(SearchMethod method, int topK, Double scoreThreshold) {
}
