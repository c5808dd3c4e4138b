package io.segmentindex.api;

import jakarta.servlet.ServletContext;

/**
 * Servlets a build's server adds beside the API: the test server's fault switch, the development token endpoint.
 * Found with {@link java.util.ServiceLoader} on the application's class path, which includes the server's
 * {@code lib/support} library; a production server has none. Liberty does not run a servlet container initializer
 * from a shared library, so the application offers this port instead.
 */
public interface ServletExtension {

    /** Called once while the application starts, before any request. */
    void register(ServletContext context);
}
