package io.segmentindex.operations.toggle;

import java.time.Duration;
import java.util.logging.Level;

/**
 * How loudly a toggle round is logged. Under load a server runs a hundred rounds a second, and at INFO their lines
 * would roll the log (and fill the console) within minutes. So a round is logged at INFO only when its line says
 * something an operator needs: an operation that did not succeed, a slow round, or, with tracing on, the trace of
 * each operation (how docs/OPERATIONS.md leads from a trace id to the log). Every other round is logged at FINE.
 */
final class RoundLogLevel {

    /** A round this long is worth a line of its own whatever its outcome. */
    static final Duration SLOW = Duration.ofSeconds(1);

    private RoundLogLevel() {
    }

    static Level of(boolean traced, boolean everyOperationSucceeded, Duration took) {
        return traced || !everyOperationSucceeded || took.compareTo(SLOW) >= 0 ? Level.INFO : Level.FINE;
    }
}
