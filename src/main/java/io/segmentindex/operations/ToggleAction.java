package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

/** What a toggle asks for. */
public enum ToggleAction implements WireValue {
    ENABLE("enable"),
    DISABLE("disable");

    private final String wire;

    ToggleAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public boolean targetEnabled() {
        return this == ENABLE;
    }
}
