package io.segmentindex.api;

import io.segmentindex.api.Views.OperationSummaryView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.operations.OperationHistory;
import io.segmentindex.operations.OperationKind;
import io.segmentindex.operations.OperationState;
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
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Path("/datasets/{dataset_id}/operations")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class DatasetOperationResource {

    @Inject
    OperationHistory history;

    @GET
    @Operation(summary = "List a dataset's operations, newest first",
            description = "The backlog is state=queued&state=running (its total); failures to retry are"
                    + " state=failed&state=partially_failed; reconciles and reindexes are scope=dataset. Items are"
                    + " counted per state, not listed.")
    public PageView<OperationSummaryView> list(@PathParam("dataset_id") String datasetId,
                                               @Parameter(description = "Repeat to select several; all if absent")
                                               @QueryParam("state") List<String> state,
                                               @Parameter(description = "segment, batch, document or dataset;"
                                                       + " repeat to select several; all if absent")
                                               @QueryParam("scope") List<String> scope,
                                               @QueryParam("page") String page, @QueryParam("limit") String limit) {
        Params.Paging p = Params.paging(page, limit);
        return PageView.of(history.ofDataset(Ids.dataset(datasetId), wires("state", OperationState.class, state),
                        wires("scope", OperationKind.class, scope), p.page(), p.limit()),
                l -> OperationSummaryView.of(l.operation(), l.itemCounts(), l.retry()));
    }

    private static <E extends Enum<E> & WireValue> Set<E> wires(String name, Class<E> type, List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return EnumSet.allOf(type);
        }
        Set<E> out = EnumSet.noneOf(type);
        for (String s : raw) {
            out.add(Params.wire(name, type, s, true));
        }
        return out;
    }
}
