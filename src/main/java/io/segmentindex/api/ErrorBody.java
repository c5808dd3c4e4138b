package io.segmentindex.api;

import io.segmentindex.operations.OutcomeUnknown;
import io.segmentindex.platform.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** The one error shape: {@code {"code":"not_found","message":"Segment not found.","status":404}}. */
public record ErrorBody(String code, String message, int status) {

    /** 401 with the challenge that tells a client to come back with a bearer token. */
    public static Response unauthorized(String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header("WWW-Authenticate", "Bearer realm=\"segment-index\"")
                .entity(new ErrorBody("unauthorized", message, 401)).build();
    }

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message, status)).build();
    }

    /** The error of a request whose outcome is unknown: it also names the operation to look up. */
    public record WithOperation(String code, String message, int status, String operationId) {
    }

    public static Response of(Problem problem, UriInfo uri) {
        if (problem instanceof OutcomeUnknown unknown) {
            return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", "1")
                    .location(uri.getBaseUriBuilder().path("operations").path(unknown.operationId()).build())
                    .entity(new WithOperation(problem.code(), problem.getMessage(), 503, unknown.operationId()))
                    .build();
        }
        return response(problem.kind().status(), problem.code(), problem.getMessage());
    }
}
