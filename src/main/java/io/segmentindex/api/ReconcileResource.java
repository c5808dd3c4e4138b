package io.segmentindex.api;

import io.segmentindex.operations.Operation;
import io.segmentindex.operations.ReconcileRequests;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/datasets/{dataset_id}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consistency")
public class ReconcileResource {

    @Inject
    ReconcileRequests reconcile;

    @POST
    @Path("/reconcile")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Make the index agree with the database",
            description = "Compares what should be in the dataset's index with what is, and repairs both ways."
                    + " The operation's missing, extra and repaired counts say what it found.")
    @APIResponse(responseCode = "202", description = "Started; Location names the operation")
    @APIResponse(responseCode = "404", description = "No such dataset")
    public Response reconcile(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
        return started(reconcile.start(Ids.dataset(datasetId), false), uri);
    }

    @POST
    @Path("/reindex")
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Rebuild the dataset's index from the database",
            description = "Reloads every segment that should be searchable from its stored vectors (no"
                    + " re-embedding), in place, so search stays online; removes what should not be there.")
    @APIResponse(responseCode = "202", description = "Started; Location names the operation")
    @APIResponse(responseCode = "404", description = "No such dataset")
    public Response reindex(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
        return started(reconcile.start(Ids.dataset(datasetId), true), uri);
    }

    private static Response started(Operation op, UriInfo uri) {
        return Response.accepted(Map.of("result", "success", "operation_id", op.getId()))
                .location(uri.getBaseUriBuilder().path("operations").path(op.getId()).build())
                .build();
    }
}
