package io.segmentindex.api;

import io.segmentindex.api.Views.IndexStateView;
import io.segmentindex.operations.toggle.IndexState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/datasets/{dataset_id}/segments/{segment_id}/index")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enable / disable")
public class IndexStateResource {

    @Inject
    IndexState state;

    @GET
    @Operation(summary = "Is the segment in the search index, and should it be?",
            description = "in_index is read from the index itself; should_be_in_index from the database.")
    public IndexStateView get(@PathParam("dataset_id") String datasetId, @PathParam("segment_id") String segmentId) {
        return IndexStateView.of(state.of(Ids.dataset(datasetId), Ids.segment(segmentId)));
    }
}
