package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

/** Where an operation is. */
public enum OperationState implements WireValue {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    PARTIALLY_FAILED("partially_failed");

    private final String wire;

    OperationState(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
