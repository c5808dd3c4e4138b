package it.io.segmentindex;

import it.io.segmentindex.OtlpReceiver.ReceivedSpan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace per operation: the test server traces to {@link OtlpReceiver}, and a disable's trace holds the PATCH's
 * server span, the worker's span of the operation (its child, carrying the operation id) and, as children of that,
 * the round's steps for it: the index call, the recording of its result and the release of its Redis marker.
 */
class TracingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OPERATION_ID = "segment_index.operation.id";

    private final Api api = new Api();

    record Traced(String operationId, ReceivedSpan operation, List<ReceivedSpan> trace) {
        ReceivedSpan named(String name) {
            List<ReceivedSpan> found = trace.stream().filter(s -> s.name().equals(name)).toList();
            assertEquals(1, found.size(), () -> "one span " + name + " in " + trace);
            return found.get(0);
        }
    }

    @Test
    void aDisableIsOneTraceFromItsRequestToTheReleaseOfItsMarker() {
        String segment = segment();
        ServerLog log = ServerLog.mark();
        Traced t = disable(segment, Map.of());

        ReceivedSpan server = server(t.trace);
        assertEquals("", server.parentSpanId(), "the request starts the trace");
        assertEquals(server.spanId(), t.operation.parentSpanId(), "the operation continues its request's trace");
        assertEquals(OtlpReceiver.INTERNAL, t.operation.kind());
        assertEquals("disable", t.operation.attribute("segment_index.operation.action"));
        assertEquals("succeeded", t.operation.attribute("segment_index.operation.state"));

        ReceivedSpan index = t.named("index remove");
        ReceivedSpan record = t.named("record results");
        ReceivedSpan release = t.named("release markers");
        for (ReceivedSpan step : List.of(index, record, release)) {
            assertEquals(t.operation.spanId(), step.parentSpanId(), step.name());
            assertEquals(t.operationId, step.attribute(OPERATION_ID), step.name());
            assertTrue(step.start() >= t.operation.start() && step.end() <= t.operation.end(),
                    () -> step + " within " + t.operation);
        }
        assertEquals("1", index.attribute("segment_index.segments"));
        assertEquals(OtlpReceiver.CLIENT, release.kind());
        assertEquals("redis", release.attribute("db.system"));
        assertTrue(index.end() <= record.start() && record.end() <= release.start(), "the round's order");

        // The round's log line names the trace its operation continues.
        String line = t.operationId + "=" + t.operation.traceId();
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("Toggle round: ") && l.contains(line)),
                () -> "no round line with " + line + " in " + log.lines());
    }

    @Test
    void aCallersTraceIsContinued() {
        String segment = segment();
        HexFormat hex = HexFormat.of();
        String traceId = hex.formatHex(random(16));
        String callerSpan = hex.formatHex(random(8));
        Traced t = disable(segment, Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));

        assertEquals(traceId, t.operation.traceId());
        ReceivedSpan server = server(t.trace);
        assertEquals(callerSpan, server.parentSpanId());
        assertEquals(server.spanId(), t.operation.parentSpanId());
    }

    @Test
    void aFailedCallIsAnErrorInItsTraceAndItsRecoveryIsLoggedWithItsTraceIds() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "A fault is traced to its request.", "And logged with its trace ids.");
        String segment = ds + "/segments/" + api.segments(ds, doc).getJsonObject(0).getString("id");
        ServerLog log = ServerLog.mark();
        api.faults(ds, "delete");
        Traced t;
        try {
            t = disable(segment, Map.of());
        } finally {
            api.faults(ds);
        }
        assertEquals("failed", t.operation.attribute("segment_index.operation.state"));
        assertEquals(OtlpReceiver.ERROR, t.operation.status());
        ReceivedSpan index = t.named("index remove");
        assertEquals(OtlpReceiver.ERROR, index.status());
        assertTrue(index.message().contains("injected"), index::message);
        assertEquals("3", index.attribute("segment_index.attempts"), "first try plus two retries");

        String ids = "trace_id=" + index.traceId() + " span_id=" + index.spanId();
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("re-enabling 1 segment(s) of operation "
                        + t.operationId) && l.endsWith(ids)),
                () -> "no recovery line ending with " + ids + " in " + log.lines());
    }

    @Test
    void aDocumentOperationContinuesItsRequestsTraceAndItsLogLineCarriesIt() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "A document's operation is traced too.");
        ServerLog log = ServerLog.mark();
        Traced t = traced("/api/v1/datasets/" + ds + "/documents/status/disable?document_id=" + doc, Map.of(),
                "operation");

        assertEquals(server(t.trace).spanId(), t.operation.parentSpanId());
        assertEquals("document", t.operation.attribute("segment_index.operation.kind"));
        String line = "Document operation " + t.operationId + ": succeeded";
        String ids = "trace_id=" + t.operation.traceId() + " span_id=" + t.operation.spanId();
        assertTrue(log.lines().stream().anyMatch(l -> l.contains(line) && l.endsWith(ids)),
                () -> "no line '" + line + "' ending with " + ids + " in " + log.lines());
    }

    /** {@code dataset/segments/segment} of a new segment, enabled and indexed. */
    private String segment() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "Each operation is one trace.", "From its request to its end.");
        return ds + "/segments/" + api.segments(ds, doc).getJsonObject(0).getString("id");
    }

    /** Disables the segment, waits for the operation to end, then for its trace to hold every span it should. */
    private Traced disable(String segment, Map<String, String> headers) {
        return traced("/api/v1/datasets/" + segment + "/disable", headers, "release markers");
    }

    /**
     * Sends the PATCH that records an operation, waits for the operation to end, then for its trace to hold the
     * request's server span and the span named {@code last}.
     */
    private Traced traced(String path, Map<String, String> headers, String last) {
        Api.Reply reply = api.send("PATCH", path, null, headers);
        assertEquals(202, reply.status(), reply.body());
        String operationId = reply.json().getString("operation_id");
        api.awaitOperation(operationId);
        ReceivedSpan operation = OtlpReceiver.await(s -> s.name().equals("operation")
                        && operationId.equals(s.attribute(OPERATION_ID)), WAIT)
                .orElseThrow(() -> new AssertionError("no span of operation " + operationId));
        Predicate<List<ReceivedSpan>> complete = spans -> spans.stream().anyMatch(s -> s.kind() == OtlpReceiver.SERVER)
                && spans.stream().anyMatch(s -> s.name().equals(last));
        List<ReceivedSpan> trace = OtlpReceiver.trace(operation.traceId(), complete, WAIT);
        assertTrue(complete.test(trace), () -> "incomplete trace " + trace);
        return new Traced(operationId, operation, trace);
    }

    private static ReceivedSpan server(List<ReceivedSpan> trace) {
        List<ReceivedSpan> servers = trace.stream().filter(s -> s.kind() == OtlpReceiver.SERVER).toList();
        assertEquals(1, servers.size(), () -> "one server span in " + trace);
        assertTrue(servers.get(0).name().startsWith("PATCH "), servers.get(0)::name);
        return servers.get(0);
    }

    private static byte[] random(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zeros (an invalid id)
        return b;
    }
}
