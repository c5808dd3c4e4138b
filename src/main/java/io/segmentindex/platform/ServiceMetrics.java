package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's own metrics, with pinned names (documented in the README) and only low-cardinality tags.
 * Registered at start-up so that dashboards and alerts see them before the first event.
 */
@ApplicationScoped
public class ServiceMetrics {

    static final String HIT_TESTING = "segment_index_hit_testing";
    static final String INGESTED_SEGMENTS = "segment_index_ingested_segments";
    static final String QUERY_VECTORS = "segment_index_query_vectors";
    static final String DOCUMENTS_INDEXED = "segment_index_documents_indexed";
    static final String TASK = "segment_index_task";
    static final String OPERATIONS = "segment_index_operations";
    static final String BACKLOG = "segment_index_backlog";
    static final String DRIFT = "segment_index_drift_segments";
    static final String REPAIRS = "segment_index_repairs";
    static final String STALE_MARKERS = "segment_index_stale_markers_cleaned";
    static final String GIVEN_UP = "segment_index_operations_given_up";
    static final String PRUNED = "segment_index_operations_pruned";
    static final String REQUEST = "segment_index_request";
    static final String INDEX_CALL = "segment_index_index_call";
    static final String[] ACTIONS = {"enable", "disable"};
    static final String[] OUTCOMES = {"success", "fallback", "skipped"};
    static final String[] SEARCH_METHODS = {"semantic_search", "full_text_search", "keyword_search", "hybrid_search"};

    @Inject
    MetricRegistry registry;

    // The registry checks every lookup's tags against all metrics of the name, which a request paid several times;
    // each metric is looked up once, then kept (the tags are low-cardinality, so this stays small).
    private final Map<List<String>, Metric> looked = new ConcurrentHashMap<>();

    /** The timer of this name and tags ({@code tags}: name, value, name, value...), looked up once. */
    private Timer timer(String name, String description, String... tags) {
        return Timer.class.cast(looked.computeIfAbsent(key(name, tags), k -> registry.timer(Metadata.builder()
                .withName(name).withUnit(MetricUnits.SECONDS).withDescription(description).build(), tags(tags))));
    }

    /** The counter of this name and tags, looked up once. */
    private Counter counter(String name, String description, String... tags) {
        return Counter.class.cast(looked.computeIfAbsent(key(name, tags), k -> registry.counter(Metadata.builder()
                .withName(name).withDescription(description).build(), tags(tags))));
    }

    private static List<String> key(String name, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return key;
    }

    private static Tag[] tags(String... pairs) {
        Tag[] out = new Tag[pairs.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Tag(pairs[2 * i], pairs[2 * i + 1]);
        }
        return out;
    }

    void registerEagerly(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        for (String method : SEARCH_METHODS) {
            hitTesting(method);
        }
        ingestedSegments();
        documentsIndexed("completed");
        documentsIndexed("error");
        repairs();
        staleMarkersCleaned();
        operationsGivenUp();
        operationsPruned();
        for (String action : ACTIONS) {
            indexCall(action);
            for (String outcome : OUTCOMES) {
                task(action, outcome);
                operations(action, outcome);
            }
        }
    }

    /** Time of one enable/disable task run, by its outcome (fallback if any index call needed recovery). */
    public Timer task(String action, String outcome) {
        return timer(TASK, "Enable/disable task latency, by action and outcome (success|fallback|skipped)",
                "action", action, "outcome", outcome);
    }

    /** Segments handled by enable/disable tasks, by action and outcome. */
    public Counter operations(String action, String outcome) {
        return counter(OPERATIONS, "Segments handled by enable/disable tasks, by action and outcome",
                "action", action, "outcome", outcome);
    }

    /** Index nodes that disagreed with the database on the last reconcile run of each dataset, summed. */
    public void drift(Supplier<Long> count) {
        registry.gauge(Metadata.builder().withName(DRIFT)
                .withDescription("Index nodes found out of line with the database on the last reconcile runs").build(),
                count);
    }

    /** Index nodes loaded or removed by reconcile runs. */
    public Counter repairs() {
        return counter(REPAIRS, "Index nodes loaded or removed by reconcile runs");
    }

    /** Segments accepted but not yet handled (queued or running operations). */
    public void backlog(Supplier<Long> count) {
        registry.gauge(Metadata.builder().withName(BACKLOG)
                .withDescription("Segments of queued or running enable/disable operations").build(), count);
    }

    public Timer hitTesting(String searchMethod) {
        return timer(HIT_TESTING, "Hit-testing latency, by search method", "search_method", searchMethod);
    }

    /** Query vectors handed to semantic and hybrid searches, by source (cache|model). */
    public Counter queryVectors(String source) {
        return counter(QUERY_VECTORS, "Query vectors for semantic and hybrid search, by source (cache|model)",
                "source", source);
    }

    public Counter ingestedSegments() {
        return counter(INGESTED_SEGMENTS, "Segments indexed by document ingestion");
    }

    public Counter documentsIndexed(String outcome) {
        return counter(DOCUMENTS_INDEXED, "Documents whose ingestion finished, by outcome (completed|error)",
                "outcome", outcome);
    }

    /** In-flight markers removed because their operation had already ended (a release that never arrived). */
    public Counter staleMarkersCleaned() {
        return counter(STALE_MARKERS, "In-flight markers removed because their operation had already ended");
    }

    /** Operations claimed too often without finishing, failed with gave_up_after_attempts instead of resumed. */
    public Counter operationsGivenUp() {
        return counter(GIVEN_UP, "Operations given up after too many claims without finishing");
    }

    /** Ended operations removed, with their items, once older than the retention. */
    public Counter operationsPruned() {
        return counter(PRUNED, "Ended operations removed after the retention period");
    }

    /** One API call, by method, route template (never an id) and status class (2xx, 4xx, 5xx). */
    public Timer request(String method, String route, String status) {
        return timer(REQUEST, "API call latency, by method, route template and status class",
                "method", method, "route", route, "status", status);
    }

    /** One index call of an enable/disable task (a chunk of its segments), whatever its outcome. */
    public Timer indexCall(String action) {
        return timer(INDEX_CALL, "Index call latency of enable/disable tasks, by action", "action", action);
    }
}
