package io.segmentindex.operations.toggle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoundLogLevelTest {

    private static final Duration QUICK = Duration.ofMillis(8);

    @Test
    void aQuickUntracedRoundWhoseOperationsAllSucceededStaysOutOfTheInfoLog() {
        assertEquals(Level.FINE, RoundLogLevel.of(false, true, QUICK));
        assertEquals(Level.FINE, RoundLogLevel.of(false, true, RoundLogLevel.SLOW.minusMillis(1)));
    }

    @Test
    void anOperationThatDidNotSucceedIsLogged() {
        assertEquals(Level.INFO, RoundLogLevel.of(false, false, QUICK));
    }

    @Test
    void aSlowRoundIsLogged() {
        assertEquals(Level.INFO, RoundLogLevel.of(false, true, RoundLogLevel.SLOW));
    }

    @Test
    void aTracedRoundIsLoggedSoThatItsTraceIdsLeadToIt() {
        assertEquals(Level.INFO, RoundLogLevel.of(true, true, QUICK));
    }
}
