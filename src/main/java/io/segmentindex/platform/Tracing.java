package io.segmentindex.platform;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * Distributed tracing through MicroProfile Telemetry, off unless an OTLP endpoint is configured
 * ({@link OtlpEndpointSwitch}). Liberty traces each request; background work continues the trace of the request
 * that asked for it from a stored W3C {@code traceparent}. While tracing is off the tracer is a no-op and
 * {@link #traceparent()} costs one thread-local read.
 */
@ApplicationScoped
public class Tracing {

    /** The operation a span works on; Jaeger and Tempo search by it. */
    public static final AttributeKey<String> OPERATION_ID = AttributeKey.stringKey("segment_index.operation.id");

    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    @Inject
    Tracer tracer;

    /** The current span as a W3C traceparent, to be stored with work that runs later; null while nothing is traced. */
    public static String traceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /** The context a stored traceparent names (a remote parent); the root context when there is none. */
    public static Context parent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, STORED);
    }

    public SpanBuilder span(String name) {
        return tracer.spanBuilder(name);
    }

    /** Now, as span timestamps count it: steps shared by several spans are timed once and given to each. */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** " trace_id=… span_id=…" of the current span, to end a log line with; empty while nothing is traced. */
    public static String logIds() {
        return logIds(Span.current());
    }

    public static String logIds(Span span) {
        SpanContext c = span.getSpanContext();
        return c.isValid() ? " trace_id=" + c.getTraceId() + " span_id=" + c.getSpanId() : "";
    }
}
