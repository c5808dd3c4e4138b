package io.segmentindex.api;

import io.segmentindex.api.Views.ChildChunkView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.api.Views.SegmentView;
import io.segmentindex.knowledge.ChildChunk;
import io.segmentindex.knowledge.DatasetService;
import io.segmentindex.knowledge.DocumentSegment;
import io.segmentindex.knowledge.Page;
import io.segmentindex.knowledge.SegmentRepository.SegmentFilter;
import io.segmentindex.knowledge.SegmentStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

@Path("/datasets/{dataset_id}/documents/{document_id}/segments")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Segments")
public class SegmentResource {

    @Inject
    DatasetService knowledge;

    @GET
    @Operation(summary = "List a document's segments",
            description = "Filters: enabled (true|false), status, keyword (substring of the content).")
    public PageView<SegmentView> list(@PathParam("dataset_id") String datasetId,
                                      @PathParam("document_id") String documentId,
                                      @QueryParam("enabled") String enabled, @QueryParam("status") String status,
                                      @QueryParam("keyword") String keyword, @QueryParam("page") String page,
                                      @QueryParam("limit") String limit) {
        Params.Paging p = Params.paging(page, limit);
        SegmentFilter filter = new SegmentFilter(Params.bool("enabled", enabled),
                Params.wire("status", SegmentStatus.class, status, false),
                Params.text("keyword", keyword, 200, false));
        Page<DocumentSegment> segments = knowledge.segments(Ids.dataset(datasetId), Ids.document(documentId), filter,
                p.page(), p.limit());
        Map<String, List<ChildChunk>> children = knowledge.childChunks(segments.data());
        return PageView.of(segments, s -> SegmentView.of(s, childViews(children.get(s.getId()))));
    }

    @GET
    @Path("/{segment_id}")
    @Operation(summary = "Get a segment with all its fields")
    public SegmentView get(@PathParam("dataset_id") String datasetId, @PathParam("document_id") String documentId,
                           @PathParam("segment_id") String segmentId) {
        DocumentSegment segment = knowledge.segment(Ids.dataset(datasetId), Ids.document(documentId),
                Ids.segment(segmentId));
        return SegmentView.of(segment, childViews(knowledge.childChunks(List.of(segment)).get(segment.getId())));
    }

    private static List<ChildChunkView> childViews(List<ChildChunk> children) {
        return children == null ? List.of() : children.stream().map(c -> ChildChunkView.of(c, null)).toList();
    }
}
