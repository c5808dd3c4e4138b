package io.segmentindex.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The container's error page, as {@code {code, message, status}} JSON. */
@WebServlet("/error")
public class ErrorPageServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorPageServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable error = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        int status = code instanceof Integer i ? i : 500;
        if (error != null) {
            // Failures this early are about the request (its URI or encoding), not about the service.
            LOG.log(Level.FINE, "request refused by the container", error);
            status = status == 500 ? 400 : status;
        }
        write(response, status);
    }

    /** The JSON error for a status the container decided, with the headers every answer carries. */
    static void write(HttpServletResponse response, int status) throws IOException {
        String name = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> RequestLimitsFilter.TOO_LARGE;
            default -> "internal_error";
        };
        String message = switch (status) {
            case 400 -> "Bad request.";
            case 401 -> "A valid bearer token is required.";
            case 403 -> "Your role does not allow this call.";
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 413 -> "The request is too large.";
            default -> "Internal error.";
        };
        write(response, status, name, message);
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"segment-index\"");
        }
        SecurityHeadersFilter.apply(response);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        // Codes and messages are the server's own constants, so they need no JSON escaping.
        response.getWriter().write("{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"status\":" + status
                + "}");
    }
}
