package io.segmentindex.api;

import io.segmentindex.platform.CallerContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Establishes the caller for this request. Until tokens are verified, the tenant and user come from the
 * X-Tenant-Id and X-User-Id headers, with configured defaults for a single-tenant installation.
 */
@Provider
public class CallerFilter implements ContainerRequestFilter {

    static final String TENANT_HEADER = "X-Tenant-Id";
    static final String USER_HEADER = "X-User-Id";

    @Inject
    CallerContext caller;

    @Inject
    @ConfigProperty(name = "caller.default-tenant-id")
    String defaultTenant;

    @Inject
    @ConfigProperty(name = "caller.default-user-id")
    String defaultUser;

    @Override
    public void filter(ContainerRequestContext request) {
        String tenant = request.getHeaderString(TENANT_HEADER);
        if (tenant == null || tenant.isBlank()) {
            tenant = defaultTenant;
        } else if (!Ids.isUuid(tenant.trim())) {
            request.abortWith(ErrorBody.response(400, "invalid_param", TENANT_HEADER + " must be a UUID."));
            return;
        }
        String user = request.getHeaderString(USER_HEADER);
        if (user == null || user.isBlank()) {
            user = defaultUser;
        } else if (user.length() > 255) {
            request.abortWith(ErrorBody.response(400, "invalid_param", USER_HEADER + " is longer than 255."));
            return;
        }
        caller.set(tenant.trim().toLowerCase(), user.trim());
    }
}
