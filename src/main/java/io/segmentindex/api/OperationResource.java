package io.segmentindex.api;

import io.segmentindex.api.Views.OperationView;
import io.segmentindex.api.Views.RetryView;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.OperationHistory;
import io.segmentindex.operations.OperationWaits;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.operations.toggle.ToggleSteps;
import io.segmentindex.platform.CallerContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

@Path("/operations/{operation_id}")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class OperationResource {

    @Inject
    ToggleSteps steps;

    @Inject
    OperationHistory history;

    @Inject
    CallerContext caller;

    @Inject
    OperationWaits waits;

    @Inject
    CallSlot slot;

    static final int MAX_WAIT_MS = 30_000;

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Follow an operation",
            description = "state: queued, running, succeeded, failed or partially_failed; a result per item. With"
                    + " wait_ms, the answer waits until the operation has ended or that time has passed, and then"
                    + " gives the state it has: one request instead of polling.")
    public OperationView get(@PathParam("operation_id") String operationId,
                             @Parameter(description = "Milliseconds to wait for the operation to end, 0 to "
                                     + MAX_WAIT_MS + "; 0 (the default) answers at once. A tenant with "
                                     + "many waits open on a server is answered at once.")
                             @QueryParam("wait_ms") String waitMs) {
        String tenant = caller.tenantId();
        String id = Ids.require(operationId, "Operation not found.");
        int wait = Params.integer("wait_ms", waitMs, 0, 0, MAX_WAIT_MS);
        // The wait's first read is the same read as without one (a 404 for an unknown id or another tenant's).
        ToggleSteps.Followed followed = wait == 0 ? steps.followed(tenant, id)
                : waits.awaitEnd(tenant, id, Duration.ofMillis(wait), slot::releaseToWait,
                        () -> steps.followed(tenant, id), f -> f.itemsIfEnded() != null);
        Operation op = followed.operation();
        return OperationView.of(op, followed.itemsIfEnded() != null ? followed.itemsIfEnded()
                : steps.items(op.getId()));
    }

    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @POST
    @Path("/retry")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Retry what a failed operation did not do",
            description = "Requests the operation's action again for its failed items (a dataset operation runs"
                    + " again whole), as a new operation with the same checks as a new request. Retrying the same"
                    + " operation again answers with the first retry.")
    @APIResponse(responseCode = "202", description = "Queued; Location names the new operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RetryView.class)))
    @APIResponse(responseCode = "200", description = "Nothing left to retry: every target changed since; results",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RetryView.class)))
    @APIResponse(responseCode = "409", description = "The operation has not failed (not_retryable)")
    public Response retry(@PathParam("operation_id") String operationId, @Context UriInfo uri) {
        String id = Ids.require(operationId, "Operation not found.");
        ToggleResult result = history.retry(id);
        RetryView view = RetryView.of(result, id);
        if (!result.leftWork()) {
            return Response.ok(view).build();
        }
        return Response.accepted(view)
                .location(uri.getBaseUriBuilder().path("operations").path(result.operation().getId()).build())
                .build();
    }
}
