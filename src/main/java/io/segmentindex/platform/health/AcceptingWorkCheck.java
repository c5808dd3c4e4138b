package io.segmentindex.platform.health;

import io.segmentindex.platform.WorkGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready once the server has begun to stop, so traffic drains before the work does. */
@Readiness
@ApplicationScoped
public class AcceptingWorkCheck implements HealthCheck {

    @Inject
    WorkGate gate;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("accepting-work").status(!gate.stopping()).build();
    }
}
