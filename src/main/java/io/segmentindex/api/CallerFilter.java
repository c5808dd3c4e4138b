package io.segmentindex.api;

import io.segmentindex.platform.CallerContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;

/**
 * The caller of this request, from its verified bearer token: the tenant every query is scoped by comes from
 * the {@code tenant_id} claim, the user recorded in created_by / disabled_by from {@code sub}. A token without
 * a tenant is refused like an invalid one.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
public class CallerFilter implements ContainerRequestFilter {

    static final String TENANT_CLAIM = "tenant_id";

    @Inject
    CallerContext caller;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof JsonWebToken token)) {
            return; // unauthenticated: only open endpoints get this far
        }
        Object claim = token.getClaim(TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "").trim();
        if (!Ids.isUuid(tenant) || token.getSubject() == null || token.getSubject().length() > 255) {
            request.abortWith(ErrorBody.unauthorized("The token must carry a tenant_id (a UUID) and a subject."));
            return;
        }
        caller.set(tenant.toLowerCase(), token.getSubject());
    }
}
