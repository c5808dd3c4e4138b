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

    /** Only a completed segment is in the index when it is enabled (see {@link Searchable}). */
    public boolean searchable() {
        return this == COMPLETED;
    }

    /**
     * Whether a segment in this status may be switched on or off: disable needs an indexed (completed) segment;
     * enable also retries one whose last enable failed (error). {@link #switchableSql} is the same rule in SQL.
     */
    public boolean switchable(boolean toEnabled) {
        return this == COMPLETED || (toEnabled && this == ERROR);
    }

    /** {@link #switchable} as a condition on the {@code status} column. */
    public static String switchableSql(boolean toEnabled) {
        return "status IN " + Searchable.wires(values(), s -> s.switchable(toEnabled));
    }
}
