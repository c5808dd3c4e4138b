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

/**
 * The service's own metrics, with pinned names (documented in the README) and only low-cardinality tags.
 * Registered at start-up so that dashboards and alerts see them before the first event.
 */
@ApplicationScoped
public class ServiceMetrics {

    static final String HIT_TESTING = "segment_index_hit_testing";
    static final String INGESTED_SEGMENTS = "segment_index_ingested_segments";
    static final String DOCUMENTS_INDEXED = "segment_index_documents_indexed";
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
}
