package io.segmentindex.api;

import io.segmentindex.api.Views.ToggleView;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.ToggleAction;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.operations.toggle.ToggleRequests;
import io.segmentindex.platform.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** Dify-compatible route that takes one segment out of the index or puts it back. */
@Path("/datasets/{dataset_id}/segments/{segment_id}")
@RequestScoped
@RolesAllowed({Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enable / disable")
public class SegmentToggleResource {

    @Inject
    ToggleRequests toggles;

    @PATCH
    @Path("/{action}")
    @Operation(summary = "Enable or disable one segment",
            description = "Recorded at once; the index work runs in the background. Follow it at the Location.")
    @APIResponse(responseCode = "202", description = "Queued; Location names the operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.ToggleView.class)))
    @APIResponse(responseCode = "200", description = "Already in that state: outcome 'unchanged', no operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.ToggleView.class)))
    @APIResponse(responseCode = "400", description = "Invalid action")
    @APIResponse(responseCode = "409", description = "Segment not completed, or being indexed, or its document is")
    @APIResponse(responseCode = "503", description = "Redis is unavailable; nothing was changed")
    public Response toggle(@PathParam("dataset_id") String datasetId, @PathParam("segment_id") String segmentId,
                           @PathParam("action") String action,
                           @Parameter(description = "Repeat a request safely: the same key returns the same operation")
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        ToggleAction a = action(action);
        ToggleResult result = toggles.toggleSegment(Ids.dataset(datasetId), Ids.segment(segmentId), a,
                idempotencyKey(idempotencyKey));
        return answer(result, uri, false);
    }

    static Response answer(ToggleResult result, UriInfo uri, boolean batch) {
        ToggleView view = ToggleView.of(result, batch);
        if (!result.leftWork()) {
            return Response.ok(view).build();
        }
        return Response.accepted(view)
                .location(uri.getBaseUriBuilder().path("operations").path(result.operation().getId()).build())
                .build();
    }

    static ToggleAction action(String action) {
        return WireValue.parse(ToggleAction.class, action)
                .orElseThrow(() -> new Problem(Problem.Kind.INVALID, "invalid_action", "Invalid action."));
    }

    static String idempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        String trimmed = key.trim();
        // Headers are not UTF-8 on the wire; a key is an opaque token such as a UUID, so it is plain ASCII.
        if (trimmed.length() > 255 || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new Problem(Problem.Kind.INVALID, "invalid_text",
                    "Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.");
        }
        return trimmed;
    }
}
