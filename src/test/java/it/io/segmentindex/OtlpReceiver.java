package it.io.segmentindex;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The OTLP/HTTP receiver (protobuf, POST /v1/traces) the test server exports its spans to, open for the whole IT
 * run: an export that finds nobody would be logged as an error by the server, which the tests that read its log
 * take for a failure. It keeps the latest spans for {@link TracingIT} to look through.
 */
public class OtlpReceiver implements LauncherSessionListener {

    /** Span kinds as OTLP numbers them. */
    public static final int INTERNAL = 1;
    public static final int SERVER = 2;
    public static final int CLIENT = 3;
    /** OTLP's status code of a span that failed. */
    public static final int ERROR = 2;

    private static final int KEPT = 20_000;
    private static final ConcurrentLinkedDeque<ReceivedSpan> SPANS = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static HttpServer server;

    /** One span as the server exported it; ids in lowercase hex, times in epoch nanoseconds. */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                               long start, long end, Map<String, String> attributes, int status, String message) {

        public String attribute(String key) {
            return attributes.get(key);
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String port = System.getProperty("it.otlp.port");
        if (port == null || System.getProperty("it.base.url") == null) {
            return; // unit-test run: no server exports anything
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(port)), 50);
        } catch (IOException e) {
            throw new IllegalStateException("OTLP receiver cannot listen on " + port + " (it.otlp.port)", e);
        }
        server.createContext("/", OtlpReceiver::receive);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "otlp-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            // What the last test made the server trace leaves it within its export delay (200 ms).
            pause(Duration.ofMillis(500));
            server.stop(1);
            server = null;
        }
    }

    private static void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if ("/v1/traces".equals(exchange.getRequestURI().getPath())) {
                keep(ExportTraceServiceRequest.parseFrom(bytes));
            }
            byte[] reply = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                exchange.getResponseBody().write(reply);
            }
        }
    }

    private static void keep(ExportTraceServiceRequest request) {
        HexFormat hex = HexFormat.of();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (io.opentelemetry.proto.trace.v1.Span s : scope.getSpansList()) {
                    Map<String, String> attributes = new HashMap<>();
                    for (KeyValue kv : s.getAttributesList()) {
                        attributes.put(kv.getKey(), text(kv.getValue()));
                    }
                    SPANS.add(new ReceivedSpan(hex.formatHex(s.getTraceId().toByteArray()),
                            hex.formatHex(s.getSpanId().toByteArray()),
                            hex.formatHex(s.getParentSpanId().toByteArray()),
                            s.getName(), s.getKindValue(), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                            Map.copyOf(attributes), s.getStatus().getCodeValue(), s.getStatus().getMessage()));
                    if (COUNT.incrementAndGet() > KEPT) {
                        SPANS.pollFirst();
                        COUNT.decrementAndGet();
                    }
                }
            }
        }
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }

    /** The first span received that matches, waiting up to {@code limit} for it. */
    public static Optional<ReceivedSpan> await(Predicate<ReceivedSpan> wanted, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            Optional<ReceivedSpan> found = SPANS.stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found;
            }
            pause(Duration.ofMillis(100));
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Every span of a trace once {@code complete} says it has all it needs, or what arrived by {@code limit}. */
    public static List<ReceivedSpan> trace(String traceId, Predicate<List<ReceivedSpan>> complete, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<ReceivedSpan> spans;
        do {
            spans = SPANS.stream().filter(s -> s.traceId().equals(traceId)).toList();
            if (complete.test(spans)) {
                return spans;
            }
            pause(Duration.ofMillis(100));
        } while (System.nanoTime() < deadline);
        return spans;
    }

    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
