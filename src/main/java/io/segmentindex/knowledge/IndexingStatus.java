package io.segmentindex.knowledge;

/** Where a document is in ingestion. */
public enum IndexingStatus implements WireValue {
    WAITING("waiting"),
    INDEXING("indexing"),
    COMPLETED("completed"),
    ERROR("error"),
    PAUSED("paused");

    private final String wire;

    IndexingStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Ingestion has finished: the document's segments may be in the index (see {@link Searchable}). */
    public boolean complete() {
        return this == COMPLETED;
    }
}
