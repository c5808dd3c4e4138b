package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

import java.util.Arrays;
import java.util.stream.Collectors;

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

    /** Finished with something left undone, which a retry may request again. */
    public boolean retryable() {
        return this == FAILED || this == PARTIALLY_FAILED;
    }

    /** Not {@link #isFinal}, as a condition on the state column {@code column}: queued or running. */
    public static String unfinishedSql(String column) {
        return Arrays.stream(values()).filter(s -> !s.isFinal()).map(s -> "'" + s.wire + "'")
                .collect(Collectors.joining(", ", column + " IN (", ")"));
    }

    /** The end of an operation whose every item has run: failed only if none succeeded. */
    public static OperationState afterItems(int succeeded, int failed) {
        return failed == 0 ? SUCCEEDED : succeeded == 0 ? FAILED : PARTIALLY_FAILED;
    }

    /** {@link #afterItems} as SQL, over two count expressions; the branches follow the Java rule's own order. */
    public static String afterItemsSql(String succeeded, String failed) {
        return "CASE WHEN " + failed + " = 0 THEN '" + afterItems(1, 0).wire + "' WHEN " + succeeded + " = 0 THEN '"
                + afterItems(0, 1).wire + "' ELSE '" + afterItems(1, 1).wire + "' END";
    }

    @Override
    public String wire() {
        return wire;
    }
}
