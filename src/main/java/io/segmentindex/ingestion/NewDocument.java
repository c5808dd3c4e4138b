package io.segmentindex.ingestion;

import io.segmentindex.knowledge.DocForm;

import java.util.List;

/** A validated request to add a document with its segments. */
public record NewDocument(String name, DocForm docForm, List<NewSegment> segments) {

    /** {@code childChunks} only for parent-child documents; null means "split the content automatically". */
    public record NewSegment(String content, String answer, List<String> keywords, List<String> childChunks) {
    }
}
