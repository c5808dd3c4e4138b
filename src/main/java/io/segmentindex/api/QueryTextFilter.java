package io.segmentindex.api;

import io.segmentindex.knowledge.StorableText;
import io.segmentindex.platform.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Every query parameter of every call is checked as text before anything reads it. The framework decodes
 * percent-escapes leniently (invalid UTF-8 becomes U+FFFD), so the raw query is decoded here strictly.
 */
@Provider
@PreMatching
public class QueryTextFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String query = request.getUriInfo().getRequestUri().getRawQuery();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "A query parameter name");
            String shown = name.length() > 64 ? name.substring(0, 64) + "…" : name;
            check("A query parameter name", name);
            if (eq >= 0) {
                check("Query parameter " + shown, decode(pair.substring(eq + 1), "Query parameter " + shown));
            }
        }
    }

    private static void check(String field, String text) {
        StorableText.flaw(text).ifPresent(flaw -> {
            throw Problem.invalidText(field, flaw);
        });
    }

    /** application/x-www-form-urlencoded, as JAX-RS reads query parameters, but refusing what is not UTF-8. */
    static String decode(String raw, String field) {
        if (plainAscii(raw)) {
            return raw;
        }
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes[n++] = ' ';
            } else if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0
                    && hex(raw.charAt(i + 2)) >= 0) {
                bytes[n++] = (byte) (hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c == '%') {
                throw Problem.invalidText(field, "has a % that does not start a percent-escape");
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // A raw non-ASCII character (not valid in a URI, but decoded as the framework would).
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw Problem.invalidText(field, "is not valid UTF-8 once percent-decoded");
        }
    }

    private static boolean plainAscii(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
