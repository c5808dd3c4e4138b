package it.io.segmentindex;

import org.microshed.testing.ApplicationEnvironment;

/**
 * The server under test as MicroShed Testing's environment names it, for the ITs that see it only through its
 * HTTP API (annotated {@code @MicroShedTest}). The build selects the manual-start environment, pointed at the
 * server it started; MicroShed's own REST clients are javax-based, so calls still go through {@link Api}.
 */
final class BlackBox {

    private BlackBox() {
    }

    /** The application's URL without the trailing slash MicroShed adds, as {@link Api}'s paths begin with one. */
    static String url() {
        String url = ApplicationEnvironment.Resolver.load().getApplicationURL();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A caller in a tenant of its own, with every role, against that URL. */
    static Api api() {
        return new Api().at(url());
    }
}
