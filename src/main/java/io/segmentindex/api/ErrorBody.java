package io.segmentindex.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one error shape: {@code {"code":"not_found","message":"Segment not found.","status":404}}. */
public record ErrorBody(String code, String message, int status) {

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(code, message, status)).build();
    }
}
