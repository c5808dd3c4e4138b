package io.segmentindex.platform.health;

import io.segmentindex.indexing.SegmentIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The index can read and write. Also a liveness check: a Lucene writer that hit a tragic error stays broken
 * until the process restarts, so Kubernetes should restart it.
 */
@Readiness
@Liveness
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
