package io.segmentindex.knowledge;

/** The chunking form of a document; it selects the index processor. */
public enum DocForm implements WireValue {
    TEXT_MODEL("text_model"),
    QA_MODEL("qa_model"),
    HIERARCHICAL_MODEL("hierarchical_model");

    private final String wire;

    DocForm(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
