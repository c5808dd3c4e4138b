package io.segmentindex.api;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Documents the answers every call of the API can give besides its own: the error shape, a missing or refused
 * token, a role that does not allow the call, a busy tenant, and (where the path names something) a 404, which is
 * also what another tenant's resource gives. Written once here instead of on every resource method, so that each
 * method's own annotations say only what is particular to it.
 */
public class OpenApiErrors implements OASFilter {

    static final String ERROR = "Error";

    private static final Map<String, String> EVERY_CALL = Map.of(
            "401", "No bearer token, or one that is invalid or expired",
            "403", "The token's roles do not allow this call",
            "429", "Too many calls of this tenant at once; retry after the Retry-After seconds");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(ERROR, typed(Schema.SchemaType.OBJECT)
                .description("Every error: nothing was changed")
                .addProperty("code", typed(Schema.SchemaType.STRING).example("not_found"))
                .addProperty("message", typed(Schema.SchemaType.STRING).example("Segment not found."))
                .addProperty("status", typed(Schema.SchemaType.INTEGER).example(404))
                .required(List.of("code", "message", "status")));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values().forEach(op ->
                addErrors(path, op)));
    }

    private static Schema typed(Schema.SchemaType type) {
        return OASFactory.createSchema().type(List.of(type));
    }

    private static void addErrors(String path, Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        EVERY_CALL.forEach((code, description) -> addIfMissing(responses, code, description));
        if (path.contains("{")) {
            addIfMissing(responses, "404", "Not found in the caller's tenant (another tenant's is a 404 too)");
        }
        addIfMissing(responses, "400", "Bad input: unknown fields, malformed or hostile text, bad parameters, limits");
        addIfMissing(responses, "503", "A dependency (PostgreSQL, Redis, the index) is not answering; nothing changed");
        op.setResponses(responses);
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (responses.hasAPIResponse(code)) {
            return;
        }
        APIResponse response = OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR))));
        responses.addAPIResponse(code, response);
    }
}
