package io.segmentindex.testsupport.faults;

import io.segmentindex.api.ServletExtension;
import jakarta.servlet.HttpConstraintElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.ServletSecurity.TransportGuarantee;

/** Registers the fault switch in the test server, which finds this extension in its lib/support library. */
public class IndexFaultsExtension implements ServletExtension {

    @Override
    public void register(ServletContext context) {
        ServletRegistration.Dynamic servlet = context.addServlet("test-support-index-faults", IndexFaultsServlet.class);
        servlet.addMapping(IndexFaultsServlet.MAPPING);
        // As the API's admin calls: a bearer token with the admin group.
        servlet.setServletSecurity(new ServletSecurityElement(new HttpConstraintElement(TransportGuarantee.NONE,
                "admin")));
    }
}
