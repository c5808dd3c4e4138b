package io.segmentindex.api;

import io.segmentindex.indexing.IndexUnavailableException;
import io.segmentindex.platform.Problem;
import io.segmentindex.platform.SqlFailures;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything that is not a {@link Problem}: framework errors get their status and a plain message; malformed
 * JSON is a 400 wherever the parser buried it; anything else is logged here and answered without internals.
 */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(Throwable error) {
        Problem problem = find(error, Problem.class);
        if (problem != null) {
            return ErrorBody.of(problem, uri);
        }
        if (find(error, RequestTooLargeException.class) != null) {
            return ErrorBody.response(413, RequestLimitsFilter.TOO_LARGE, find(error, RequestTooLargeException.class)
                    .getMessage());
        }
        if (find(error, JsonParsingException.class) != null || find(error, JsonbException.class) != null
                || find(error, JsonException.class) != null) {
            LOG.log(Level.FINE, "unreadable request body", error);
            return ErrorBody.response(400, "invalid_json",
                    "The request body is not valid JSON for this call: " + jsonHint(error));
        }
        if (SqlFailures.unavailable(error)) {
            LOG.log(Level.WARNING, "database unavailable", error);
            return ErrorBody.response(503, "dependency_unavailable",
                    "The database is unavailable; nothing was changed. Try again.");
        }
        if (find(error, IndexUnavailableException.class) != null) {
            LOG.log(Level.WARNING, "index unavailable", error);
            return ErrorBody.response(503, "index_unavailable", "The search index is unavailable; try again.");
        }
        if (error instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status == 401) {
                return ErrorBody.unauthorized("A valid bearer token is required.");
            }
            if (status >= 500) {
                LOG.log(Level.SEVERE, "request failed", error);
                return ErrorBody.response(status, "internal_error", "Internal error.");
            }
            return ErrorBody.response(status, codeFor(web, status), messageFor(web, status));
        }
        LOG.log(Level.SEVERE, "request failed", error);
        return ErrorBody.response(500, "internal_error", "Internal error.");
    }

    private static String codeFor(WebApplicationException web, int status) {
        if (web instanceof NotAllowedException) {
            return "method_not_allowed";
        }
        if (web instanceof NotSupportedException) {
            return "unsupported_media_type";
        }
        return switch (status) {
            case 400 -> "bad_request";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 406 -> "not_acceptable";
            default -> "http_" + status;
        };
    }

    private static String messageFor(WebApplicationException web, int status) {
        return switch (status) {
            case 403 -> "Your role does not allow this call.";
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 406 -> "Only application/json responses are available.";
            case 415 -> "Send the request body as application/json.";
            default -> "Bad request.";
        };
    }

    /** Parser messages name positions, not classes; keep them, drop anything that looks internal. */
    private static String jsonHint(Throwable error) {
        JsonParsingException parsing = find(error, JsonParsingException.class);
        if (parsing != null && parsing.getLocation() != null) {
            return "unexpected content at line " + parsing.getLocation().getLineNumber() + ", column "
                    + parsing.getLocation().getColumnNumber() + ".";
        }
        return "check the field types and syntax.";
    }

    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
