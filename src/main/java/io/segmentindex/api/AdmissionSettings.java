package io.segmentindex.api;

import io.segmentindex.platform.FairAdmission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How many calls run at once, and how long and how many of one tenant's may wait for a place. */
@ApplicationScoped
public class AdmissionSettings {

    @Inject
    @ConfigProperty(name = "api.max-concurrent-requests")
    int places;

    @Inject
    @ConfigProperty(name = "api.max-queued-per-tenant")
    int queuedPerTenant;

    @Inject
    @ConfigProperty(name = "api.admission-wait-ms")
    long waitMillis;

    @Produces
    @Singleton
    FairAdmission admission() {
        return new FairAdmission(places, queuedPerTenant);
    }

    long waitMillis() {
        return waitMillis;
    }
}
