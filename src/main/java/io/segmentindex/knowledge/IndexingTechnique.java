package io.segmentindex.knowledge;

/** How a dataset is indexed: vectors plus keywords, or keywords only. */
public enum IndexingTechnique implements WireValue {
    HIGH_QUALITY("high_quality"),
    ECONOMY("economy");

    private final String wire;

    IndexingTechnique(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** A high-quality dataset's segments carry embeddings besides their keywords. */
    public boolean usesVectors() {
        return this == HIGH_QUALITY;
    }
}
