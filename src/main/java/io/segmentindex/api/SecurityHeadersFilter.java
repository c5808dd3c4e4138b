package io.segmentindex.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Headers on everything this application serves, the admin page above all: scripts, styles, images and API
 * calls only from this origin, no inline script or style, never framed. The page itself is open (it holds no
 * data); every /api/v1 call it makes still needs the user's bearer token.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply(response);
        if (request.getRequestURI().startsWith(request.getContextPath() + "/admin")) {
            // A new page version is picked up at once; the token never sits in a cache (it is not in any URL).
            response.setHeader("Cache-Control", "no-cache");
        }
        chain.doFilter(request, response);
    }

    /** Also for the answers the container writes itself (its error pages). */
    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
    }
}
