package io.segmentindex.indexing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down only when a restart would help: a Lucene writer that hit a tragic error stays broken until the process
 * restarts. A SolrCloud outage makes the server not ready but not dead, so Kubernetes does not restart every pod.
 */
@Liveness
@ApplicationScoped
public class IndexLivenessCheck implements HealthCheck {

    @Inject
    SegmentIndex index;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("index-writer").status(!index.isBroken()).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("index-writer").down().withData("error", e.getClass().getSimpleName())
                    .build();
        }
    }
}
