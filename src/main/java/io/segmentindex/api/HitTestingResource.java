package io.segmentindex.api;

import io.segmentindex.api.Views.ChildChunkView;
import io.segmentindex.api.Views.DocumentRef;
import io.segmentindex.api.Views.HitTestingView;
import io.segmentindex.api.Views.QueryView;
import io.segmentindex.api.Views.RecordView;
import io.segmentindex.api.Views.SegmentView;
import io.segmentindex.platform.Problem;
import io.segmentindex.retrieval.RetrievalService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/datasets/{dataset_id}/hit-testing")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Retrieval")
public class HitTestingResource {

    @Inject
    RetrievalService retrieval;

    @POST
    @Operation(summary = "Search a dataset",
            description = "search_method: semantic_search, full_text_search, keyword_search or hybrid_search."
                    + " Only enabled, completed segments of enabled, unarchived, completed documents are returned;"
                    + " the filter runs inside the index query, so top_k is filled.")
    @APIResponse(responseCode = "200", description = "Records, best first")
    @APIResponse(responseCode = "400", description = "Invalid query or retrieval model")
    public HitTestingView hitTest(@PathParam("dataset_id") String datasetId, Requests.HitTesting body) {
        String id = Ids.dataset(datasetId);
        if (body == null) {
            throw Problem.invalid("A JSON body is required.");
        }
        String query = body.validatedQuery();
        var records = retrieval.hitTest(id, query, body.validatedModel()).stream()
                .map(r -> new RecordView(SegmentView.of(r.segment(), r.childChunks().stream()
                        .map(c -> ChildChunkView.of(c.chunk(), c.score())).toList()), DocumentRef.of(r.document()),
                        r.score()))
                .toList();
        return new HitTestingView(new QueryView(query), records);
    }
}
