package io.segmentindex.platform;

/**
 * A failure the caller can act on, with a stable code. The API turns it into {@code {code, message, status}};
 * services raise it without knowing about HTTP beyond the kind.
 */
public class Problem extends RuntimeException {

    public enum Kind {
        INVALID(400), NOT_FOUND(404), CONFLICT(409), TOO_LARGE(413), UNAVAILABLE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String code;

    public Problem(Kind kind, String code, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
    }

    public static Problem notFound(String message) {
        return new Problem(Kind.NOT_FOUND, "not_found", message);
    }

    public static Problem invalid(String message) {
        return new Problem(Kind.INVALID, "invalid_param", message);
    }

    /** Text that could not be kept exactly as sent: {@code field} names where it was, {@code flaw} what is wrong. */
    public static Problem invalidText(String field, String flaw) {
        return new Problem(Kind.INVALID, "invalid_text", field + " " + flaw + "; text must be valid UTF-8 without"
                + " NUL or other control characters (tab, line feed and carriage return are allowed).");
    }

    public static Problem conflict(String code, String message) {
        return new Problem(Kind.CONFLICT, code, message);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
