package io.segmentindex.api;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.util.ServiceLoader;
import java.util.logging.Logger;

/** Lets each {@link ServletExtension} on the class path register its servlets (a declared listener may). */
@WebListener
public class ServletExtensions implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ServletExtensions.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        for (ServletExtension extension : ServiceLoader.load(ServletExtension.class, context.getClassLoader())) {
            LOG.warning(() -> "Servlet extension ENABLED (the build's servers only): "
                    + extension.getClass().getSimpleName());
            extension.register(context);
        }
    }
}
