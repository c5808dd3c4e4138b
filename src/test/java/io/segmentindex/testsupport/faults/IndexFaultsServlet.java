package io.segmentindex.testsupport.faults;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PUT /api/v1/test-support/datasets/{id}/index-faults} with {@code {"fail": ["delete", "upsert", "slow"],
 * "slow_ms": 500}}: sets the faults of one dataset's index writes ({@code "fail": []} clears them) and answers
 * what it set. A servlet, not a JAX-RS resource: the application does not scan a shared library for resources.
 */
public class IndexFaultsServlet extends HttpServlet {

    static final String MAPPING = "/api/v1/test-support/datasets/*";
    private static final Pattern PATH = Pattern.compile("/([^/]+)/index-faults");

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher path = PATH.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!path.matches() || !isUuid(path.group(1))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Set<IndexFaults.Kind> kinds = EnumSet.noneOf(IndexFaults.Kind.class);
        long slowMs;
        try (JsonReader reader = Json.createReader(request.getInputStream())) {
            JsonObject body = reader.readObject();
            for (JsonString kind : body.getJsonArray("fail") == null ? List.<JsonString>of()
                    : body.getJsonArray("fail").getValuesAs(JsonString.class)) {
                kinds.add(IndexFaults.Kind.valueOf(kind.getString().toUpperCase()));
            }
            slowMs = Math.max(0, body.containsKey("slow_ms") ? body.getJsonNumber("slow_ms").longValue() : 500);
        } catch (JsonException | ClassCastException | IllegalArgumentException e) {
            write(response, 400, Json.createObjectBuilder().add("code", "invalid_param")
                    .add("message", "Expected {\"fail\": [delete | upsert | slow ...], \"slow_ms\": n}.")
                    .add("status", 400).build());
            return;
        }
        IndexFaults.shared().set(path.group(1), kinds, slowMs);
        JsonArrayBuilder fail = Json.createArrayBuilder();
        kinds.forEach(k -> fail.add(k.name().toLowerCase()));
        write(response, 200, Json.createObjectBuilder().add("fail", fail).add("slow_ms", slowMs).build());
    }

    private static boolean isUuid(String id) {
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body.toString());
    }
}
