package io.segmentindex.api;

import io.segmentindex.api.Views.DatasetView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.knowledge.Dataset;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.operations.reconcile.ReconcileRequests;
import io.segmentindex.platform.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

@Path("/datasets")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Datasets")
public class DatasetResource {

    @Inject
    DatasetService knowledge;

    @Inject
    ReconcileRequests reconcile;

    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @POST
    @Operation(summary = "Create a dataset",
            description = "indexing_technique high_quality (vectors + keywords, default) or economy (keywords only).")
    @APIResponse(responseCode = "201", description = "Created; Location names the dataset",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.DatasetView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "409", description = "A dataset with this name exists in the tenant")
    public Response create(Requests.CreateDataset body, @Context UriInfo uri) {
        if (body == null) {
            throw Problem.invalid("A JSON body is required.");
        }
        Dataset dataset = knowledge.create(body.validated());
        return Response.created(uri.getAbsolutePathBuilder().path(dataset.getId()).build())
                .entity(DatasetView.of(dataset)).build();
    }

    @GET
    @Operation(summary = "List the tenant's datasets, newest first")
    public PageView<DatasetView> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        Params.Paging p = Params.paging(page, limit);
        return PageView.of(knowledge.datasets(p.page(), p.limit()), DatasetView::of);
    }

    @GET
    @Path("/{dataset_id}")
    @Operation(summary = "Get a dataset")
    public DatasetView get(@PathParam("dataset_id") String datasetId) {
        return DatasetView.of(knowledge.dataset(Ids.dataset(datasetId)));
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{dataset_id}/reconcile")
    @Operation(summary = "Make the index agree with the database",
            description = "Compares what should be in the dataset's index with what is, and repairs both ways."
                    + " The operation's missing, extra and repaired counts say what it found.")
    @APIResponse(responseCode = "202", description = "Started; Location names the operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.OperationView.class)))
    public Response reconcile(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
        return started(reconcile.start(Ids.dataset(datasetId), false), uri);
    }

    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{dataset_id}/reindex")
    @Operation(summary = "Rebuild the dataset's index from the database",
            description = "Reloads every segment that should be searchable from its stored vectors (no"
                    + " re-embedding), in place, so search stays online; removes what should not be there.")
    @APIResponse(responseCode = "202", description = "Started; Location names the operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.OperationView.class)))
    public Response reindex(@PathParam("dataset_id") String datasetId, @Context UriInfo uri) {
        return started(reconcile.start(Ids.dataset(datasetId), true), uri);
    }

    private static Response started(io.segmentindex.operations.Operation op, UriInfo uri) {
        return Response.accepted(Map.of("result", "success", "operation_id", op.getId()))
                .location(uri.getBaseUriBuilder().path("operations").path(op.getId()).build())
                .build();
    }
}
