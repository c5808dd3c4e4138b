package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

/** What a dataset operation does to the dataset's index. */
public enum DatasetAction implements WireValue {
    /** Compares the database and the index, and repairs only what disagrees. */
    RECONCILE("reconcile"),
    /** Reloads every node the dataset should have. */
    REINDEX("reindex");

    /** Who requests the reconciles the service queues itself (follow-ups, the schedule). */
    public static final String SYSTEM = "system";

    private final String wire;

    DatasetAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
