package io.segmentindex.devsupport;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/dev/token?tenant_id=&sub=&groups=}: a token signed with the development key, so the build's
 * servers ({@code mvn -Pdev} and the test server) can be tried with curl and the admin page. Every parameter is
 * optional: the default tenant, subject {@code admin}, group {@code admin}.
 */
public class DevTokenServlet extends HttpServlet {

    static final String MAPPING = "/api/v1/dev/token";
    /** The tenant of a token that names none; a development server's data lands there. */
    private static final String DEFAULT_TENANT = "00000000-0000-0000-0000-000000000001";

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Config config = ConfigProvider.getConfig();
        String key = config.getOptionalValue("auth.dev-tokens.private-key-location", String.class).orElse(null);
        if (key == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String tenant = request.getParameter("tenant_id");
        String subject = request.getParameter("sub");
        String[] groups = request.getParameterValues("groups");
        long now = Instant.now().getEpochSecond();
        JsonArrayBuilder g = Json.createArrayBuilder();
        (groups == null || groups.length == 0 ? List.of("admin") : List.of(groups)).forEach(g::add);
        String sub = subject == null || subject.isBlank() ? "admin" : subject;
        String token = new JwtSigner(Path.of(key)).sign(Json.createObjectBuilder()
                .add("iss", config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse("segment-index-dev"))
                .add("aud", config.getOptionalValue("mp.jwt.verify.audiences", String.class).orElse("segment-index"))
                .add("sub", sub).add("upn", sub)
                .add("tenant_id", tenant == null || tenant.isBlank() ? DEFAULT_TENANT : tenant)
                .add("groups", g)
                .add("iat", now).add("exp", now + 3600)
                .add("jti", UUID.randomUUID().toString())
                .build());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(Json.createObjectBuilder().add("access_token", token).add("token_type", "Bearer")
                .add("expires_in", 3600).build().toString());
    }
}
