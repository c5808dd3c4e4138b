package io.segmentindex.api;

import io.segmentindex.knowledge.StorableText;
import io.segmentindex.knowledge.WireValue;
import io.segmentindex.platform.Problem;

/** Query parameters arrive as text so that a bad value is a clear 400, not the framework's bare 404. */
final class Params {

    static final int MAX_LIMIT = 100;

    private Params() {
    }

    record Paging(int page, int limit) {
    }

    static Paging paging(String page, String limit) {
        int p = integer("page", page, 1, 1, Integer.MAX_VALUE / MAX_LIMIT);
        int l = integer("limit", limit, 20, 1, MAX_LIMIT);
        return new Paging(p, l);
    }

    static int integer(String name, String raw, int fallback, int min, int max) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw.trim());
            if (v < min || v > max) {
                throw Problem.invalid(name + " must be between " + min + " and " + max + ".");
            }
            return v;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name + " must be an integer.");
        }
    }

    static Boolean bool(String name, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Problem.invalid(name + " must be true or false.");
        };
    }

    static <E extends Enum<E> & WireValue> E wire(String name, Class<E> type, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw Problem.invalid(name + " is required; one of: " + WireValue.allowed(type) + ".");
            }
            return null;
        }
        return WireValue.parse(type, raw.trim()).orElseThrow(() -> Problem.invalid(
                name + " must be one of: " + WireValue.allowed(type) + "."));
    }

    /** A name or keyword: also kept exactly as sent, so surrounding whitespace is refused, not trimmed. */
    static String name(String name, String raw, int maxLength, boolean required) {
        String text = text(name, raw, maxLength, required);
        if (text != null) {
            StorableText.nameFlaw(text).ifPresent(flaw -> {
                throw Problem.invalidText(name, flaw);
            });
        }
        return text;
    }

    /** Optional text is kept as sent, blank included; only required text must hold more than whitespace. */
    static String text(String name, String raw, int maxLength, boolean required) {
        if (raw == null || (required && raw.isBlank())) {
            if (required) {
                throw Problem.invalid(name + " is required.");
            }
            return null;
        }
        if (raw.length() > maxLength) {
            throw Problem.invalid(name + " is longer than " + maxLength + " characters.");
        }
        StorableText.flaw(raw).ifPresent(flaw -> {
            throw Problem.invalidText(name, flaw);
        });
        return raw;
    }
}
