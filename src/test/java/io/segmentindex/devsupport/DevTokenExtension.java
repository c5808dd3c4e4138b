package io.segmentindex.devsupport;

import io.segmentindex.api.ServletExtension;
import jakarta.servlet.ServletContext;

/** Registers the token endpoint in the build's servers, which find this extension in their lib/support library. */
public class DevTokenExtension implements ServletExtension {

    @Override
    public void register(ServletContext context) {
        context.addServlet("dev-token", DevTokenServlet.class).addMapping(DevTokenServlet.MAPPING);
    }
}
