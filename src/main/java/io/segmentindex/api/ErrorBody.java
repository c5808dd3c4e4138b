package io.segmentindex.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
}
