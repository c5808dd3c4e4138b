package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What an operation acts on (the {@code scope} column), which says who runs it. */
public enum OperationKind implements WireValue {
    /** One segment's enable or disable. */
    SEGMENT("segment"),
    /** Several segments of one document, one request. */
    BATCH("batch"),
    /** Enable, disable or archive of whole documents. */
    DOCUMENT("document"),
    /** A reconcile or reindex of a dataset. */
    DATASET("dataset");

    private final String wire;

    OperationKind(String wire) {
        this.wire = wire;
    }

    /** Segment and batch toggles run together, in rounds (ToggleRounds); the others one by one, on the worker. */
    public boolean runsInRounds() {
        return this == SEGMENT || this == BATCH;
    }

    /** The SQL condition on {@code scope} that selects the kinds that do, or do not, run in rounds. */
    static String scopeCondition(boolean inRounds) {
        return Arrays.stream(values()).filter(k -> k.runsInRounds() == inRounds)
                .map(k -> "'" + k.wire + "'").collect(Collectors.joining(", ", "scope IN (", ")"));
    }

    @Override
    public String wire() {
        return wire;
    }
}
