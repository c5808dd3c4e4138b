package io.segmentindex.api;

import io.segmentindex.indexing.faults.IndexFaults;
import io.segmentindex.platform.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Test builds only: makes index writes of one dataset fail. Answers 404 unless fault injection is enabled. */
@Path("/test-support/datasets/{dataset_id}/index-faults")
@RequestScoped
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IndexFaultsResource {

    @Inject
    IndexFaults faults;

    @Inject
    @ConfigProperty(name = "index.fault-injection.enabled", defaultValue = "false")
    boolean enabled;

    public static class FaultRequest {
        public List<String> fail;
        public Integer slowMs;
    }

    @PUT
    @Operation(hidden = true)
    public FaultRequest set(@PathParam("dataset_id") String datasetId, FaultRequest body) {
        if (!enabled) {
            throw Problem.notFound("Not found.");
        }
        Set<IndexFaults.Kind> kinds = EnumSet.noneOf(IndexFaults.Kind.class);
        for (String f : body == null || body.fail == null ? List.<String>of() : body.fail) {
            try {
                kinds.add(IndexFaults.Kind.valueOf(f.toUpperCase()));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("fail may hold: delete, upsert, slow.");
            }
        }
        long slowMs = body == null || body.slowMs == null ? 500 : Math.max(0, body.slowMs);
        faults.set(Ids.dataset(datasetId), kinds, slowMs);
        FaultRequest out = new FaultRequest();
        out.fail = kinds.stream().map(k -> k.name().toLowerCase()).toList();
        out.slowMs = (int) slowMs;
        return out;
    }
}
