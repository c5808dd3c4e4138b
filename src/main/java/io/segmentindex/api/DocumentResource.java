package io.segmentindex.api;

import io.segmentindex.api.Views.DocumentView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.ingestion.DocumentIngestion;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.Document;
import io.segmentindex.platform.Problem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/datasets/{dataset_id}/documents")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Documents")
public class DocumentResource {

    @Inject
    DatasetService knowledge;

    @Inject
    DocumentIngestion ingestion;

    @Inject
    @ConfigProperty(name = "api.max-segments-per-document")
    int maxSegments;

    @Inject
    @ConfigProperty(name = "api.max-content-chars")
    int maxContentChars;

    @POST
    @Operation(summary = "Add a document with its segments",
            description = "Recorded at once with indexing_status 'waiting'; indexing runs in the background"
                    + " (waiting -> indexing -> completed, or error). Poll the document to follow it.")
    @APIResponse(responseCode = "201", description = "Recorded; indexing has been queued")
    @APIResponse(responseCode = "400", description = "Invalid field")
    @APIResponse(responseCode = "404", description = "No such dataset")
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
    @APIResponse(responseCode = "404", description = "No such dataset or document")
    public DocumentView get(@PathParam("dataset_id") String datasetId, @PathParam("document_id") String documentId) {
        return DocumentView.of(knowledge.document(Ids.dataset(datasetId), Ids.document(documentId)));
    }
}
