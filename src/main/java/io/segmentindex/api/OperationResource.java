package io.segmentindex.api;

import io.segmentindex.api.Views.OperationView;
import io.segmentindex.operations.Operation;
import io.segmentindex.operations.toggle.ToggleSteps;
import io.segmentindex.platform.CallerContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/operations/{operation_id}")
@RequestScoped
@RolesAllowed({Roles.READER, Roles.EDITOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Enable / disable")
public class OperationResource {

    @Inject
    ToggleSteps steps;

    @Inject
    CallerContext caller;

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(summary = "Follow an enable/disable operation",
            description = "state: queued, running, succeeded, failed or partially_failed; a result per segment.")
    public OperationView get(@PathParam("operation_id") String operationId) {
        Operation op = steps.operation(caller.tenantId(), Ids.require(operationId, "Operation not found."));
        return OperationView.of(op, steps.items(op.getId()));
    }
}
