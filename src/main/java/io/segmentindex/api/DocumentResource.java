package io.segmentindex.api;

import io.segmentindex.api.Views.DocumentView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.ingestion.DocumentIngestion;
import io.segmentindex.ingestion.DocumentSplitter;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Document;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.ToggleResult;
import io.segmentindex.knowledge.DocumentAction;
import io.segmentindex.operations.document.DocumentStatusRequests;
import io.segmentindex.api.Views.DocumentStatusView;
import io.segmentindex.platform.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/datasets/{dataset_id}/documents")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Documents")
public class DocumentResource {

    @Inject
    DatasetService knowledge;

    @Inject
    DocumentIngestion ingestion;

    @Inject
    DocumentSplitter splitter;

    @Inject
    DocumentStatusRequests statuses;

    static final int MAX_DOCUMENTS = 100;

    @Inject
    @ConfigProperty(name = "api.max-segments-per-document")
    int maxSegments;

    @Inject
    @ConfigProperty(name = "api.max-content-chars")
    int maxContentChars;

    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @POST
    @Operation(summary = "Add a document with its segments",
            description = "Recorded at once with indexing_status 'waiting'; indexing runs in the background"
                    + " (waiting -> indexing -> completed, or error). Poll the document to follow it.")
    @APIResponse(responseCode = "201", description = "Recorded; indexing has been queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.DocumentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "413", description = "Body too large")
    public Response add(@PathParam("dataset_id") String datasetId, Requests.CreateDocument body,
                        @Context UriInfo uri) {
        String id = Ids.dataset(datasetId);
        if (body == null) {
            throw Problem.invalid("A JSON body is required.");
        }
        Document document = ingestion.add(id, body.validated(maxSegments, maxContentChars));
        return Response.created(uri.getAbsolutePathBuilder().path(document.getId()).build())
                .entity(DocumentView.of(document)).build();
    }

    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @POST
    @Path("/split-preview")
    @Operation(summary = "Preview how text splits into a document's segments",
            description = "Changes nothing. text is cut at separator (default \"\\n\\n\"; \"\\n\" stands for a line"
                    + " break) into segments of at most max_chars (default 1000), long pieces at sentence ends;"
                    + " hierarchical_model also shows each segment's child chunks, qa_model reads each block as a"
                    + " question line and its answer. The segments may be sent to the document add as they are.")
    @APIResponse(responseCode = "200", description = "The segments the text makes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.SplitPreviewView.class)))
    @APIResponse(responseCode = "400", description = "Invalid field, or more segments than a document may have")
    public Views.SplitPreviewView splitPreview(@PathParam("dataset_id") String datasetId,
                                               Requests.SplitPreview body) {
        if (body == null) {
            throw Problem.invalid("A JSON body is required.");
        }
        Requests.SplitPreview.Valid v = body.validated(maxContentChars);
        return Views.SplitPreviewView.of(v.form(),
                splitter.preview(Ids.dataset(datasetId), v.text(), v.form(), v.separator(), v.maxChars()));
    }

    @RolesAllowed({Roles.EDITOR, Roles.ADMIN})
    @PATCH
    @Path("/status/{action}")
    @Operation(summary = "Enable, disable, archive or un-archive documents",
            description = "document_id repeated, 1 to 100 ids. Disable and archive take every segment of the document"
                    + " out of the index; enable and un_archive put back only the segments that are themselves"
                    + " enabled. Results per id: queued, not_found, not_completed, already_enabled, already_disabled,"
                    + " already_archived, not_archived, indexing_in_progress, duplicate.")
    @APIResponse(responseCode = "202", description = "Some documents queued; Location names the operation",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.DocumentStatusView.class)))
    @APIResponse(responseCode = "200", description = "Nothing to do; results per id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Views.DocumentStatusView.class)))
    @APIResponse(responseCode = "400", description = "Invalid action, no ids, or more than 100")
    public Response status(@PathParam("dataset_id") String datasetId, @PathParam("action") String action,
                           @QueryParam("document_id") List<String> ids,
                           @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        DocumentAction a = WireValue.parse(DocumentAction.class, action)
                .orElseThrow(() -> new Problem(Problem.Kind.INVALID, "invalid_action", "Invalid action."));
        String dataset = Ids.dataset(datasetId);
        List<String> documentIds = BatchToggleResource.ids("document_id", ids, MAX_DOCUMENTS);
        ToggleResult result = statuses.change(dataset, documentIds, a,
                SegmentToggleResource.idempotencyKey(idempotencyKey));
        DocumentStatusView view = DocumentStatusView.of(result);
        if (!result.leftWork()) {
            return Response.ok(view).build();
        }
        return Response.accepted(view)
                .location(uri.getBaseUriBuilder().path("operations").path(result.operation().getId()).build())
                .build();
    }

    @GET
    @Operation(summary = "List a dataset's documents")
    public PageView<DocumentView> list(@PathParam("dataset_id") String datasetId, @QueryParam("page") String page,
                                       @QueryParam("limit") String limit) {
        Params.Paging p = Params.paging(page, limit);
        return PageView.of(knowledge.documents(Ids.dataset(datasetId), p.page(), p.limit()), DocumentView::of);
    }

    @GET
    @Path("/{document_id}")
    @Operation(summary = "Get a document, with its indexing status")
    public DocumentView get(@PathParam("dataset_id") String datasetId, @PathParam("document_id") String documentId) {
        return DocumentView.of(knowledge.document(Ids.dataset(datasetId), Ids.document(documentId)));
    }
}
