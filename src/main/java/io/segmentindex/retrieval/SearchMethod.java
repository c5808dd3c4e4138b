package io.segmentindex.retrieval;

import io.segmentindex.knowledge.WireValue;

/** Dify's retrieval methods. */
public enum SearchMethod implements WireValue {
    SEMANTIC_SEARCH("semantic_search"),
    FULL_TEXT_SEARCH("full_text_search"),
    KEYWORD_SEARCH("keyword_search"),
    HYBRID_SEARCH("hybrid_search");

    private final String wire;

    SearchMethod(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public boolean needsVectors() {
        return this == SEMANTIC_SEARCH || this == HYBRID_SEARCH;
    }
}
