package io.segmentindex.api;

import io.segmentindex.platform.CallerContext;
import io.segmentindex.platform.FairAdmission;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import java.util.concurrent.TimeUnit;

/**
 * Every authenticated call takes a place in {@link FairAdmission} before its body is read and gives it back with
 * its answer ({@link CallSlot}), so that one tenant's flood of requests cannot slow another tenant's.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 10)
public class AdmissionFilter implements ContainerRequestFilter, ContainerResponseFilter {

    @Inject
    FairAdmission admission;

    @Inject
    CallerContext caller;

    @Inject
    AdmissionSettings settings;

    @Inject
    CallSlot slot;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!caller.known()) {
            return; // open endpoints and refused tokens hold no place
        }
        FairAdmission.Refusal refusal;
        try {
            refusal = admission.enter(caller.tenantId(), settings.waitMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            refusal = FairAdmission.Refusal.TIMED_OUT;
        }
        if (refusal != FairAdmission.Refusal.NONE) {
            request.abortWith(Response.fromResponse(ErrorBody.response(429, "too_many_requests",
                    "Too many requests of this tenant at once; retry in a moment.")).header("Retry-After", "1")
                    .build());
            return;
        }
        slot.taken();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        slot.giveBack();
    }
}
