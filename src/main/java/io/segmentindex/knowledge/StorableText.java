package io.segmentindex.knowledge;

import java.util.Optional;

/**
 * The rule for every string a caller sends: it must come back exactly as it was sent. PostgreSQL cannot store
 * NUL, and an unpaired surrogate has no UTF-8 form (invalid UTF-8 in a body arrives as one, see the JSON reader),
 * so both would be refused or silently changed; other control characters are refused because no name, content or
 * query needs them and they hide text from the people who read it. Tab, line feed and carriage return are text.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why this text cannot be kept exactly as sent, or empty when it can. */
    public static Optional<String> flaw(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains invalid UTF-8 or an unpaired surrogate");
            } else if (c == 0) {
                return Optional.of("contains a NUL character (U+0000)");
            } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of("contains the control character " + codePoint(c));
            }
        }
        return Optional.empty();
    }

    /** A name or keyword is also kept as sent, so whitespace around it is refused rather than trimmed away. */
    public static Optional<String> nameFlaw(String name) {
        Optional<String> flaw = flaw(name);
        if (flaw.isPresent()) {
            return flaw;
        }
        if (!name.isEmpty() && (Character.isWhitespace(name.charAt(0))
                || Character.isWhitespace(name.charAt(name.length() - 1))
                || Character.isSpaceChar(name.charAt(0)) || Character.isSpaceChar(name.charAt(name.length() - 1)))) {
            return Optional.of("begins or ends with whitespace");
        }
        return Optional.empty();
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
