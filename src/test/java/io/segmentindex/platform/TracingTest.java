package io.segmentindex.platform;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracingTest {

    static final SpanContext REQUEST = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
            TraceFlags.getSampled(), TraceState.getDefault());

    @Test
    void nothingIsStoredOrLoggedWhileNothingIsTraced() {
        assertNull(Tracing.traceparent());
        assertEquals("", Tracing.logIds());
        assertEquals(Context.root(), Tracing.parent(null));
    }

    @Test
    void theCurrentSpanIsStoredAsAW3cTraceparentAndContinuedFromIt() {
        String stored;
        try (Scope ignored = Span.wrap(REQUEST).makeCurrent()) {
            stored = Tracing.traceparent();
            assertEquals(" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7", Tracing.logIds());
        }
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", stored);
        assertEquals(55, stored.length(), "the column's width (V6)");
        SpanContext parent = Span.fromContext(Tracing.parent(stored)).getSpanContext();
        assertEquals(REQUEST.getTraceId(), parent.getTraceId());
        assertEquals(REQUEST.getSpanId(), parent.getSpanId());
        assertTrue(parent.isSampled() && parent.isRemote());
    }

    @Test
    void aDamagedTraceparentStartsANewTrace() {
        assertFalse(Span.fromContext(Tracing.parent("00-not-a-trace-01")).getSpanContext().isValid());
    }
}
