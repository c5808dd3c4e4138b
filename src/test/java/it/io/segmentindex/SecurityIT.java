package it.io.segmentindex;

import io.segmentindex.devsupport.JwtSigner;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens, roles and tenant isolation, with tokens signed in the test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {

    final Api owner = new Api();
    final Api stranger = new Api();
    String ds;
    String doc;
    String seg;
    String op;

    @BeforeAll
    void fixture() {
        ds = owner.createDataset("economy");
        doc = owner.addDocument(ds, "private knowledge of tenant A", "more of it");
        seg = owner.segments(ds, doc).getJsonObject(0).getString("id");
        op = owner.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json()
                .getString("operation_id");
        owner.awaitOperation(op);
    }

    Stream<Arguments> badTokens() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String tenant = UUID.randomUUID().toString();
        var kpg = KeyPairGenerator.getInstance("RSA");
        kpg.initialize(2048);
        Path otherKey = Files.createTempFile("other", ".pem");
        Files.writeString(otherKey, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                kpg.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String valid = Api.token(Api.claims(tenant, "u", "admin").build());
        String[] parts = valid.split("\\.");
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("not a JWT", "Bearer not-a-token"),
                Arguments.of("wrong scheme", "Basic dXNlcjpwYXNz"),
                Arguments.of("expired", "Bearer " + Api.token(Api.claims(tenant, "u", "admin")
                        .add("iat", now - 7200).add("exp", now - 3600).build())),
                Arguments.of("wrong issuer", "Bearer " + Api.token(Api.claims(tenant, "u", "admin")
                        .add("iss", "someone-else").build())),
                Arguments.of("wrong audience", "Bearer " + Api.token(Api.claims(tenant, "u", "admin")
                        .add("aud", "another-service").build())),
                Arguments.of("wrong signature", "Bearer " + new JwtSigner(otherKey).sign(
                        Api.claims(tenant, "u", "admin").build())),
                Arguments.of("tampered payload", "Bearer " + parts[0] + "." + JwtSigner.encode(
                        Api.claims(UUID.randomUUID().toString(), "u", "admin").build().toString()) + "." + parts[2]),
                Arguments.of("alg none", "Bearer " + JwtSigner.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                        + parts[1] + "."),
                Arguments.of("no tenant claim", "Bearer " + Api.token(Api.claims(tenant, "u", "admin")
                        .add("tenant_id", "acme").build())),
                // Signed by the issuer, but a subject PostgreSQL cannot store as the user who changed things.
                Arguments.of("NUL in the subject", "Bearer " + Api.token(Api.claims(tenant, "u\u0000x", "admin")
                        .build())));
    }

    @ParameterizedTest(name = "{0} -> 401")
    @MethodSource("badTokens")
    void badTokensAre401WithAChallenge(String label, String authorization) {
        for (String[] call : new String[][] {{"GET", "/api/v1/datasets/" + ds}, {"PATCH",
                "/api/v1/datasets/" + ds + "/segments/" + seg + "/enable"}}) {
            var headers = authorization == null ? Map.<String, String>of() : Map.of("Authorization", authorization);
            var reply = noToken().send(call[0], call[1], null, headers);
            assertEquals(401, reply.status(), () -> label + " " + call[0] + ": " + reply.body());
            assertTrue(reply.header("WWW-Authenticate") != null && reply.header("WWW-Authenticate")
                    .startsWith("Bearer"), label + ": " + reply.raw().headers().map());
            // The token check runs in the server before the application: its refusal carries no body.
            if (!reply.body().isEmpty()) {
                assertError(reply, 401, "unauthorized", null);
            }
        }
        assertFalse(owner.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + seg).json()
                .getBoolean("enabled"), "nothing changed");
    }

    @Test
    void rolesLimitWhatACallerMayDo() {
        Api reader = new Api(owner.tenant, "rita", "reader");
        Api editor = new Api(owner.tenant, "eddie", "editor");
        reader.get("/api/v1/datasets/" + ds).expect(200);
        assertEquals(1, reader.hitTest(ds, "more", "full_text_search", 3).size());
        assertError(reader.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/enable"), 403, "forbidden", null);
        assertError(reader.post("/api/v1/datasets", "{\"name\":\"no\"}"), 403, "forbidden", null);
        assertError(editor.post("/api/v1/datasets/" + ds + "/reconcile", ""), 403, "forbidden", null);
        assertError(new Api(owner.tenant, "nobody").get("/api/v1/datasets/" + ds), 403, "forbidden", null);

        String enable = editor.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/enable").expect(202).json()
                .getString("operation_id");
        editor.awaitOperation(enable);
        String disable = editor.patch("/api/v1/datasets/" + ds + "/segments/" + seg + "/disable").expect(202).json()
                .getString("operation_id");
        editor.awaitOperation(disable);
        JsonObject s = owner.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + seg).json();
        assertEquals("eddie", s.getString("disabled_by"), "disabled_by is the token's subject");
        assertEquals("eddie", s.getString("updated_by"));
        assertEquals("eddie", owner.get("/api/v1/operations/" + disable).json().getString("requested_by"));
    }

    Stream<Arguments> tenantRoutes() {
        String d = "/api/v1/datasets/" + ds;
        return Stream.of(
                Arguments.of("GET", d, null),
                Arguments.of("GET", d + "/documents", null),
                Arguments.of("GET", d + "/documents/" + doc, null),
                Arguments.of("GET", d + "/documents/" + doc + "/segments", null),
                Arguments.of("GET", d + "/documents/" + doc + "/segments/" + seg, null),
                Arguments.of("GET", d + "/segments/" + seg + "/index", null),
                Arguments.of("POST", d + "/documents", "{\"name\":\"x\",\"segments\":[{\"content\":\"x\"}]}"),
                Arguments.of("POST", d + "/hit-testing", "{\"query\":\"knowledge\"}"),
                Arguments.of("PATCH", d + "/segments/" + seg + "/enable", null),
                Arguments.of("PATCH", d + "/documents/" + doc + "/segment/enable?segment_id=" + seg, null),
                Arguments.of("PATCH", d + "/documents/status/disable?document_id=" + doc, null),
                Arguments.of("POST", d + "/reconcile", ""),
                Arguments.of("POST", d + "/reindex", ""),
                Arguments.of("GET", "/api/v1/operations/" + op, null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tenantRoutes")
    void anotherTenantSeesNothing(String method, String path, String body) {
        var reply = stranger.send(method, path, body, body == null ? Map.of() : Map.of("Content-Type",
                "application/json"));
        assertError(reply, 404, "not_found", null);
        assertEquals(0, stranger.get("/api/v1/datasets").json().getInt("total"), "and lists nothing");
        assertFalse(owner.get("/api/v1/datasets/" + ds + "/documents/" + doc + "/segments/" + seg).json()
                .getBoolean("enabled"), "nothing changed for the owner");
        assertEquals(1, owner.get("/api/v1/datasets/" + ds + "/documents").json().getInt("total"));
    }

    @Test
    void probesMetricsAndOpenApiStayOpen() {
        for (String path : List.of("/health/ready", "/health/live", "/health/started", "/metrics", "/openapi")) {
            assertEquals(200, noToken().send("GET", path, null, Map.of("Accept", "*/*")).status(), path);
        }
    }

    private static Api noToken() {
        return Api.anonymous();
    }
}
