package it.io.segmentindex;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin page's files over plain HTTP: open without a token, locked down by headers; the API is not. */
class AdminPageIT {

    static final String POLICY_SELF_ONLY = "default-src 'self'";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/admin/, text/html",
        "/admin/index.html, text/html",
        "/admin/js/app.js, text/javascript",
        "/admin/js/api.js, text/javascript",
        "/admin/js/dom.js, text/javascript",
        "/admin/js/operations.js, text/javascript",
        "/admin/admin.css, text/css",
        "/admin/favicon.svg, image/svg+xml",
    })
    void thePageLoadsWithoutATokenUnderAStrictPolicy(String path, String type) {
        Api.Reply r = Api.anonymous().get(path).expect(200);
        assertTrue(r.header("Content-Type").startsWith(type), r.header("Content-Type"));
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.startsWith(POLICY_SELF_ONLY), "policy: " + csp);
        for (String directive : csp.split(";")) {
            String d = directive.trim();
            assertFalse(d.contains("unsafe-") || d.contains("http:") || d.contains("https:") || d.contains("data:")
                    || d.contains("*"), "only this origin: " + d);
        }
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
        assertFalse(r.body().contains("Authorization: Bearer ey"), "no token baked into the page");
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndFetchesNothingFromElsewhere() {
        String html = Api.anonymous().get("/admin/").expect(200).body();
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src=\"js/"), "scripts come from files: " + scripts.group());
            assertTrue(scripts.group(2).isBlank(), "no inline script: " + scripts.group());
        }
        assertEquals(1, count, "one module entry point");
        assertFalse(html.contains("<style") || html.contains(" style=") || html.contains(" onclick="), html);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("//cdn"),
                "nothing is fetched from another origin");
        for (String module : new String[] {"app", "api", "dom", "operations"}) {
            String js = Api.anonymous().get("/admin/js/" + module + ".js").expect(200).body();
            assertFalse(js.contains("http://") || js.contains("https://") || js.contains("innerHTML")
                    || js.contains("eval("), module + ".js stays on this origin and never writes markup");
        }
    }

    @Test
    void theApiStillRequiresAToken() {
        Api.Reply r = Api.anonymous().get("/api/v1/datasets");
        assertEquals(401, r.status(), r.body());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"));
        new Api().get("/api/v1/datasets").expect(200);
    }

    @Test
    void theBareAddressLeadsToTheAdminPage() {
        Api.Reply r = Api.anonymous().get("/");
        assertEquals(302, r.status(), r.body());
        assertEquals("/admin/", r.header("Location"));
        assertTrue(r.header("Content-Security-Policy").startsWith(POLICY_SELF_ONLY));
        assertError(Api.anonymous().get("/nothing-here"), 404, "not_found", null);
    }

    @Test
    void anUnknownFileOfThePageIsAJson404() {
        assertError(Api.anonymous().get("/admin/js/missing.js"), 404, "not_found", null);
    }
}
