package io.segmentindex.operations;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.segmentindex.platform.Tracing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The spans of operations that run together (a toggle round) or alone (a document operation): one per operation,
 * a child of the request that recorded it (its stored traceparent), so that each operation is one trace from its
 * request to its end although a round shares its work. A step shared by several operations (a grouped index call,
 * the one Redis round trip) is a child span of each of them, with the step's real start and end. Used by one thread.
 */
public final class OperationSpans {

    public static final AttributeKey<String> KIND = AttributeKey.stringKey("segment_index.operation.kind");
    public static final AttributeKey<String> ACTION = AttributeKey.stringKey("segment_index.operation.action");
    public static final AttributeKey<String> STATE = AttributeKey.stringKey("segment_index.operation.state");
    /** Segments of this operation a step worked on; {@link #STEP_SEGMENTS} counts those of all its operations. */
    public static final AttributeKey<Long> SEGMENTS = AttributeKey.longKey("segment_index.segments");
    public static final AttributeKey<Long> STEP_SEGMENTS = AttributeKey.longKey("segment_index.step.segments");
    public static final AttributeKey<Long> STEP_OPERATIONS = AttributeKey.longKey("segment_index.step.operations");

    private final Tracing tracing;
    private final Map<String, Span> spans = new LinkedHashMap<>();
    private final Map<String, String> traceIds = new LinkedHashMap<>();

    /**
     * Starts one span per operation at {@code startedEpochNanos}; {@code traceparents} maps each operation id to
     * its request's traceparent (null: a new trace).
     */
    public OperationSpans(Tracing tracing, String name, Map<String, String> traceparents, long startedEpochNanos) {
        this.tracing = tracing;
        traceparents.forEach((id, traceparent) -> spans.put(id, tracing.span(name)
                .setParent(Tracing.parent(traceparent)).setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startedEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute(Tracing.OPERATION_ID, id).startSpan()));
        spans.forEach((id, span) -> {
            if (span.getSpanContext().isValid()) {
                traceIds.put(id, span.getSpanContext().getTraceId());
            }
        });
    }

    /** The trace of each operation, by operation id, in the order given; none while nothing is traced. */
    public Map<String, String> traceIds() {
        return traceIds;
    }

    /** No operation traced: its steps make no spans (the markers of an operation given up, say). */
    public static OperationSpans none() {
        return new OperationSpans(null, "", Map.of(), 0);
    }

    public Span of(String operationId) {
        return spans.getOrDefault(operationId, Span.getInvalid());
    }

    /** " trace_id=… span_id=…" of the operation's span, to end a log line about it with (empty while untraced). */
    public String logIds(String operationId) {
        return Tracing.logIds(of(operationId));
    }

    /**
     * A step of these operations, started now: a child span of each (of those with a span open). With one operation
     * its span is current until the step closes, so that what is logged meanwhile (a fallback's warning) carries its
     * trace ids.
     */
    public Step step(String name, SpanKind kind, Collection<String> operationIds) {
        return new Step(name, kind, operationIds, id -> 0);
    }

    /** {@link #step} that counts each operation's segments in it ({@link #SEGMENTS}). */
    public Step step(String name, SpanKind kind, Collection<String> operationIds, ToLongFunction<String> segments) {
        return new Step(name, kind, operationIds, segments);
    }

    /** Ends an operation's span with the state it ended in (an error status unless it succeeded). */
    public void end(String operationId, OperationState state, String error) {
        Span span = spans.remove(operationId);
        if (span == null) {
            return;
        }
        span.setAttribute(STATE, state.wire());
        if (state != OperationState.SUCCEEDED) {
            span.setStatus(StatusCode.ERROR, error == null ? state.wire() : error);
        }
        // Every timestamp of these spans from one clock: the SDK's own would end a span before its last step.
        span.end(Tracing.epochNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Ends the spans still open: with {@code outcome} as their state if given (a run that stopped early), and an
     * error if given.
     */
    public void endAll(String outcome, Throwable error) {
        for (Span span : spans.values()) {
            if (outcome != null) {
                span.setAttribute(STATE, outcome);
            }
            if (error != null) {
                span.recordException(error);
                span.setStatus(StatusCode.ERROR, outcome);
            }
            span.end(Tracing.epochNanos(), TimeUnit.NANOSECONDS);
        }
        spans.clear();
    }

    /** One step's spans, ended together when it closes. */
    public final class Step implements AutoCloseable {

        private final List<Span> stepSpans = new ArrayList<>();
        private final Scope scope;

        private Step(String name, SpanKind kind, Collection<String> operationIds, ToLongFunction<String> segments) {
            long start = Tracing.epochNanos();
            long total = 0;
            for (String id : operationIds) {
                Span parent = spans.get(id);
                if (parent == null) {
                    continue;
                }
                long n = segments.applyAsLong(id);
                total += n;
                Span span = tracing.span(name).setParent(Context.root().with(parent)).setSpanKind(kind)
                        .setStartTimestamp(start, TimeUnit.NANOSECONDS).setAttribute(Tracing.OPERATION_ID, id)
                        .startSpan();
                if (n > 0) {
                    span.setAttribute(SEGMENTS, n);
                }
                stepSpans.add(span);
            }
            for (Span span : stepSpans) {
                span.setAttribute(STEP_OPERATIONS, (long) stepSpans.size());
                if (total > 0) {
                    span.setAttribute(STEP_SEGMENTS, total);
                }
            }
            scope = stepSpans.size() == 1 ? stepSpans.get(0).makeCurrent() : Scope.noop();
        }

        public Step set(AttributeKey<String> key, String value) {
            stepSpans.forEach(s -> s.setAttribute(key, value));
            return this;
        }

        public Step set(AttributeKey<Long> key, long value) {
            stepSpans.forEach(s -> s.setAttribute(key, value));
            return this;
        }

        public void failed(String error) {
            stepSpans.forEach(s -> s.setStatus(StatusCode.ERROR, error));
        }

        public void failed(Throwable error) {
            stepSpans.forEach(s -> {
                s.recordException(error);
                s.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
            });
        }

        @Override
        public void close() {
            scope.close();
            long end = Tracing.epochNanos();
            stepSpans.forEach(s -> s.end(end, TimeUnit.NANOSECONDS));
        }
    }
}
