package io.segmentindex.api;

import io.segmentindex.knowledge.StorableText;
import io.segmentindex.platform.CallerContext;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;

/**
 * The caller of this request, from its verified bearer token: the tenant every query is scoped by comes from
 * the {@code tenant_id} claim, the user recorded in created_by / disabled_by from {@code sub}. A token without
 * a tenant is refused like an invalid one.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class CallerFilter implements ContainerRequestFilter {

    static final String TENANT_CLAIM = "tenant_id";

    @Inject
    CallerContext caller;

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Principal principal = request.getSecurityContext().getUserPrincipal();
        if (!(principal instanceof JsonWebToken token)) {
            // Refused here, before the security layer's own challenge, which has no body.
            if (!open()) {
                request.abortWith(ErrorBody.unauthorized("A valid bearer token is required."));
            }
            return;
        }
        Object claim = token.getClaim(TENANT_CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "").trim();
        String subject = token.getSubject();
        // The subject is recorded as the user who changed things, so it must be text the database can keep.
        if (!Ids.isUuid(tenant) || subject == null || subject.length() > 255
                || StorableText.flaw(subject).isPresent()) {
            request.abortWith(ErrorBody.unauthorized("The token must carry a tenant_id (a UUID) and a subject."));
            return;
        }
        caller.set(tenant.toLowerCase(), subject);
    }

    private boolean open() {
        return resource.getResourceMethod() == null || resource.getResourceMethod().isAnnotationPresent(PermitAll.class)
                || resource.getResourceClass().isAnnotationPresent(PermitAll.class);
    }
}
