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

    /** Finished for good: nothing will run for it again. */
    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    @Override
    public String wire() {
        return wire;
    }
}
