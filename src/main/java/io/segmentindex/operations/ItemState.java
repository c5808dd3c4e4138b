package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

/** What happened to one segment of an operation. */
public enum ItemState implements WireValue {
    QUEUED("queued"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    SKIPPED("skipped");

    private final String wire;

    ItemState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
