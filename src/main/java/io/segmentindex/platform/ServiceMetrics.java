package io.segmentindex.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.util.function.Supplier;

/**
 * The service's own metrics, with pinned names (documented in the README) and only low-cardinality tags.
 * Registered at start-up so that dashboards and alerts see them before the first event.
 */
@ApplicationScoped
public class ServiceMetrics {

    static final String HIT_TESTING = "segment_index_hit_testing";
    static final String INGESTED_SEGMENTS = "segment_index_ingested_segments";
    static final String DOCUMENTS_INDEXED = "segment_index_documents_indexed";
    static final String TASK = "segment_index_task";
    static final String OPERATIONS = "segment_index_operations";
    static final String BACKLOG = "segment_index_backlog";
    static final String DRIFT = "segment_index_drift_segments";
    static final String REPAIRS = "segment_index_repairs";
    static final String STALE_MARKERS = "segment_index_stale_markers_cleaned";
    static final String GIVEN_UP = "segment_index_operations_given_up";
    static final String REQUEST = "segment_index_request";
    static final String INDEX_CALL = "segment_index_index_call";
    static final String[] ACTIONS = {"enable", "disable"};
    static final String[] OUTCOMES = {"success", "fallback", "skipped"};
    static final String[] SEARCH_METHODS = {"semantic_search", "full_text_search", "keyword_search", "hybrid_search"};

    @Inject
    MetricRegistry registry;

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
        return registry.timer(Metadata.builder().withName(TASK).withUnit(MetricUnits.SECONDS)
                .withDescription("Enable/disable task latency, by action and outcome (success|fallback|skipped)")
                .build(), new Tag("action", action), new Tag("outcome", outcome));
    }

    /** Segments handled by enable/disable tasks, by action and outcome. */
    public Counter operations(String action, String outcome) {
        return registry.counter(Metadata.builder().withName(OPERATIONS)
                .withDescription("Segments handled by enable/disable tasks, by action and outcome").build(),
                new Tag("action", action), new Tag("outcome", outcome));
    }

    /** Index nodes that disagreed with the database on the last reconcile run of each dataset, summed. */
    public void drift(Supplier<Long> count) {
        registry.gauge(Metadata.builder().withName(DRIFT)
                .withDescription("Index nodes found out of line with the database on the last reconcile runs").build(),
                count);
    }

    /** Index nodes loaded or removed by reconcile runs. */
    public Counter repairs() {
        return registry.counter(Metadata.builder().withName(REPAIRS)
                .withDescription("Index nodes loaded or removed by reconcile runs").build());
    }

    /** Segments accepted but not yet handled (queued or running operations). */
    public void backlog(Supplier<Long> count) {
        registry.gauge(Metadata.builder().withName(BACKLOG)
                .withDescription("Segments of queued or running enable/disable operations").build(), count);
    }

    public Timer hitTesting(String searchMethod) {
        return registry.timer(Metadata.builder().withName(HIT_TESTING).withUnit(MetricUnits.SECONDS)
                .withDescription("Hit-testing latency, by search method").build(), new Tag("search_method", searchMethod));
    }

    public Counter ingestedSegments() {
        return registry.counter(Metadata.builder().withName(INGESTED_SEGMENTS)
                .withDescription("Segments indexed by document ingestion").build());
    }

    public Counter documentsIndexed(String outcome) {
        return registry.counter(Metadata.builder().withName(DOCUMENTS_INDEXED)
                .withDescription("Documents whose ingestion finished, by outcome (completed|error)").build(),
                new Tag("outcome", outcome));
    }

    /** In-flight markers removed because their operation had already ended (a release that never arrived). */
    public Counter staleMarkersCleaned() {
        return registry.counter(Metadata.builder().withName(STALE_MARKERS)
                .withDescription("In-flight markers removed because their operation had already ended").build());
    }

    /** Operations claimed too often without finishing, failed with gave_up_after_attempts instead of resumed. */
    public Counter operationsGivenUp() {
        return registry.counter(Metadata.builder().withName(GIVEN_UP)
                .withDescription("Operations given up after too many claims without finishing").build());
    }

    /** One API call, by method, route template (never an id) and status class (2xx, 4xx, 5xx). */
    public Timer request(String method, String route, String status) {
        return registry.timer(Metadata.builder().withName(REQUEST).withUnit(MetricUnits.SECONDS)
                .withDescription("API call latency, by method, route template and status class").build(),
                new Tag("method", method), new Tag("route", route), new Tag("status", status));
    }

    /** One index call of an enable/disable task (a chunk of its segments), whatever its outcome. */
    public Timer indexCall(String action) {
        return registry.timer(Metadata.builder().withName(INDEX_CALL).withUnit(MetricUnits.SECONDS)
                .withDescription("Index call latency of enable/disable tasks, by action").build(),
                new Tag("action", action));
    }
}
