package io.segmentindex.api;

import io.segmentindex.platform.JwtSigner;
import io.segmentindex.platform.Problem;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Local development only: mints a token signed with the development key, so `mvn -Pdev` can be tried with
 * curl. Answers 404 unless {@code auth.dev-tokens.enabled} is true, which only the build's server sets.
 */
@jakarta.ws.rs.Path("/dev/token")
@ApplicationScoped
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class DevTokenResource {

    @Inject
    @ConfigProperty(name = "auth.dev-tokens.enabled", defaultValue = "false")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "auth.dev-tokens.private-key-location")
    Optional<String> keyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.audiences")
    Optional<String> audience;

    @Inject
    @ConfigProperty(name = "caller.default-tenant-id")
    String defaultTenant;

    @POST
    @Operation(hidden = true)
    public Map<String, Object> token(@jakarta.ws.rs.QueryParam("tenant_id") String tenant,
                                     @jakarta.ws.rs.QueryParam("sub") String subject,
                                     @jakarta.ws.rs.QueryParam("groups") List<String> groups) {
        if (!enabled || keyLocation.isEmpty()) {
            throw Problem.notFound("Not found.");
        }
        long now = Instant.now().getEpochSecond();
        JsonArrayBuilder g = Json.createArrayBuilder();
        (groups == null || groups.isEmpty() ? List.of(Roles.ADMIN) : groups).forEach(g::add);
        String sub = subject == null || subject.isBlank() ? "admin" : subject;
        String token = new JwtSigner(Path.of(keyLocation.get())).sign(Json.createObjectBuilder()
                .add("iss", issuer.orElse("segment-index-dev"))
                .add("aud", audience.orElse("segment-index"))
                .add("sub", sub).add("upn", sub)
                .add("tenant_id", tenant == null || tenant.isBlank() ? defaultTenant : tenant)
                .add("groups", g)
                .add("iat", now).add("exp", now + 3600)
                .add("jti", UUID.randomUUID().toString())
                .build());
        return Map.of("access_token", token, "token_type", "Bearer", "expires_in", 3600);
    }
}
