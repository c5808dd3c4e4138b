package io.segmentindex.knowledge;

/** Where a segment is in indexing; only completed segments may be toggled or retrieved. */
public enum SegmentStatus implements WireValue {
    WAITING("waiting"),
    INDEXING("indexing"),
    COMPLETED("completed"),
    ERROR("error"),
    RE_SEGMENT("re_segment");

    private final String wire;

    SegmentStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
