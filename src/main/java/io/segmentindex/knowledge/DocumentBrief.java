package io.segmentindex.knowledge;

/** What retrieval shows of a document, and whether its segments may be shown at all ({@link Searchable#document}). */
public record DocumentBrief(String id, String name, DocForm docForm, boolean available) {
}
