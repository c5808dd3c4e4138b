package io.segmentindex.api;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Dify-compatible route that takes many segments of a document out of the index or puts them back. */
@Path("/datasets/{dataset_id}/documents/{document_id}/segment")
@RequestScoped
@RolesAllowed({Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enable / disable")
public class BatchToggleResource {

    static final int MAX_BATCH = 1000;

    @Inject
    ToggleRequests toggles;

    @PATCH
    @Path("/{action}")
    @Operation(summary = "Enable or disable many segments of a document",
            description = "segment_id repeated, 1 to 1000 ids. Every id gets a result: queued, or why it was"
                    + " skipped (not_found, already_enabled, already_disabled, not_completed, indexing_in_progress,"
                    + " duplicate).")
    @APIResponse(responseCode = "202", description = "Some segments queued; results per id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.ToggleView.class)))
    @APIResponse(responseCode = "200", description = "Nothing to do; results per id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.ToggleView.class)))
    @APIResponse(responseCode = "400", description = "Invalid action, no ids, or more than 1000")
    @APIResponse(responseCode = "409", description = "The document is being indexed")
    @APIResponse(responseCode = "503", description = "Redis is unavailable; nothing was changed")
    public Response toggleBatch(@PathParam("dataset_id") String datasetId, @PathParam("document_id") String documentId,
                                @PathParam("action") String action, @QueryParam("segment_id") List<String> ids,
                                @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        ToggleAction a = SegmentToggleResource.action(action);
        String dataset = Ids.dataset(datasetId);
        String document = Ids.document(documentId);
        List<String> segmentIds = ids("segment_id", ids, MAX_BATCH);
        ToggleResult result = toggles.toggleBatch(dataset, document, segmentIds, a,
                SegmentToggleResource.idempotencyKey(idempotencyKey));
        return SegmentToggleResource.answer(result, uri, true);
    }

    /** Ids may repeat the parameter or be comma-separated; ids that are not UUIDs are reported as not_found. */
    static final int MAX_ID_LENGTH = 64;

    static List<String> ids(String name, List<String> raw, int max) {
        List<String> ids = new ArrayList<>();
        if (raw != null) {
            for (String r : raw) {
                for (String part : r.split(",")) {
                    if (part.isBlank()) {
                        continue;
                    }
                    String id = part.trim().toLowerCase(Locale.ROOT);
                    // Not a UUID is a per-id not_found, as in Dify; but no id is longer than its column.
                    if (id.length() > MAX_ID_LENGTH) {
                        throw Problem.invalid(name + " values are ids of at most " + MAX_ID_LENGTH
                                + " characters; one has " + id.length() + ".");
                    }
                    ids.add(id);
                }
            }
        }
        if (ids.isEmpty()) {
            throw Problem.invalid(name + " is required: give one or more ids.");
        }
        if (ids.size() > max) {
            throw Problem.invalid("At most " + max + " ids per call; got " + ids.size() + ". Split the batch.");
        }
        return ids;
    }
}
