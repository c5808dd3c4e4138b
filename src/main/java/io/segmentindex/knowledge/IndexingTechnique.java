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
}
