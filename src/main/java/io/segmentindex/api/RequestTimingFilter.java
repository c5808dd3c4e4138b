package io.segmentindex.api;

import io.segmentindex.platform.ServiceMetrics;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;
import java.util.Set;

/**
 * Times every API call into {@code segment_index_request_seconds}, labelled by the route's template (so
 * {@code /datasets/{dataset_id}}, never an id), the method and the status class.
 */
@Provider
@PreMatching
@Priority(Priorities.USER - 1000)
public class RequestTimingFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestTimingFilter.class.getName();

    @Inject
    ServiceMetrics metrics;

    @Context
    ResourceInfo resource;

    @Inject
    CallSlot slot;

    private static final Set<String> KNOWN_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(STARTED) instanceof Long started) {
            // A long poll lasts as long as it was asked to: apart, so that it does not read as a slow call.
            String route = slot.waited() ? route() + "?wait_ms" : route();
            metrics.request(method(request.getMethod()), route, response.getStatus() / 100 + "xx")
                    .update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** A method the API does not know is "other": a client must not be able to mint label values. */
    private static String method(String method) {
        return KNOWN_METHODS.contains(method) ? method : "other";
    }

    private String route() {
        if (resource == null || resource.getResourceClass() == null) {
            return "unmatched";
        }
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(Path.class);
        return (type == null ? "" : type.value()) + (method == null ? "" : method.value());
    }
}
