package io.segmentindex.indexing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** The index can read and write (the embedded index is open and sound, or the Solr collection answers). */
@Readiness
@ApplicationScoped
public class IndexHealthCheck implements HealthCheck {

    @Inject
    SegmentIndex index;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("index").status(index.isHealthy()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("index").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
