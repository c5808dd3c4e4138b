package io.segmentindex.testing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text as a hostile client sends it, for the property tests of the JSON reader and of the running server. A value
 * is a list of pieces; most are real text, but a piece may be bytes that are not UTF-8, or a JSON escape that
 * decodes to an unpaired surrogate, which no Java string of valid text can hold. {@link #text()} is what a
 * server that keeps text exactly must echo, or null where no exact echo exists and a 4xx is the only answer.
 */
public record HostileText(String kind, List<Piece> pieces) {

    /** The classes of input, as the README's bad-input table counts them. */
    public static final List<String> KINDS = List.of("control", "surrogate", "invalid_utf8", "empty", "huge",
            "bidi_combining", "plain");

    /** One piece: text, or raw bytes (invalid UTF-8), or a JSON escape sequence written as is. */
    public record Piece(String text, byte[] raw, String jsonEscape) {
        static Piece text(String s) {
            return new Piece(s, null, null);
        }
    }

    /** The exact text a server must echo, or null when the value cannot be valid text. */
    public String text() {
        StringBuilder s = new StringBuilder();
        for (Piece p : pieces) {
            if (p.text() == null) {
                return null;
            }
            s.append(p.text());
        }
        return s.toString();
    }

    /** The value as a JSON string literal (with its quotes), in UTF-8 bytes, invalid ones kept as they are. */
    public byte[] jsonLiteral() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        for (Piece p : pieces) {
            if (p.raw() != null) {
                out.writeBytes(p.raw());
            } else if (p.jsonEscape() != null) {
                out.writeBytes(p.jsonEscape().getBytes(StandardCharsets.US_ASCII));
            } else {
                out.writeBytes(escape(p.text()).getBytes(StandardCharsets.UTF_8));
            }
        }
        out.write('"');
        return out.toByteArray();
    }

    /** The value percent-encoded for a query string, invalid bytes included. */
    public String queryEncoded() {
        StringBuilder q = new StringBuilder();
        for (Piece p : pieces) {
            // A lone surrogate has no UTF-8 form; its CESU-8 bytes are what a careless client would send.
            byte[] bytes = p.raw() != null ? p.raw() : p.jsonEscape() != null ? cesu8(unescape(p.jsonEscape()))
                    : p.text().getBytes(StandardCharsets.UTF_8);
            for (byte b : bytes) {
                int c = b & 0xff;
                if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                    q.append((char) c);
                } else {
                    q.append('%').append(String.format("%02X", c));
                }
            }
        }
        return q.toString();
    }

    /** A short label for failure messages. */
    @Override
    public String toString() {
        String t = text();
        String shown = t == null ? new String(jsonLiteral(), StandardCharsets.ISO_8859_1) : t;
        shown = shown.length() > 40 ? shown.substring(0, 40) + "…(" + shown.length() + ")" : shown;
        StringBuilder s = new StringBuilder(kind).append(':');
        shown.codePoints().forEach(c -> s.append(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                || Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return s.toString();
    }

    // ---- generators

    /** Every class of hostile text, with plain text in between so that a flaw can sit anywhere. */
    public static Arbitrary<HostileText> any() {
        return Arbitraries.oneOf(control(), surrogate(), invalidUtf8(), empty(), huge(), bidiAndCombining(),
                plain());
    }

    /** Hostile text that fits where a name of up to 255 characters goes (no 1 MiB values). */
    public static Arbitrary<HostileText> small() {
        return Arbitraries.oneOf(control(), surrogate(), invalidUtf8(), empty(), bidiAndCombining(), plain());
    }

    static Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', 'é', 'ß', '中').ofMinLength(1)
                .ofMaxLength(12);
    }

    static Arbitrary<HostileText> around(String kind, Arbitrary<Piece> flaw) {
        return Combinators.combine(words(), flaw, words())
                .as((a, f, b) -> new HostileText(kind, List.of(Piece.text(a), f, Piece.text(b))));
    }

    public static Arbitrary<HostileText> control() {
        Arbitrary<Character> c = Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'),
                Arbitraries.of('\u0000', '\u007f', '\u0085', '\u009f'));
        return around("control", c.map(ch -> Piece.text(String.valueOf(ch))));
    }

    public static Arbitrary<HostileText> surrogate() {
        return around("surrogate", Arbitraries.of("\\ud800", "\\udbff", "\\udc00", "\\udfff", "\\udc00\\ud800",
                "\\ud83d\\ud83d").map(e -> new Piece(null, null, e)));
    }

    public static Arbitrary<HostileText> invalidUtf8() {
        return around("invalid_utf8", Arbitraries.of(
                new byte[] {(byte) 0xc3, 0x28}, new byte[] {(byte) 0xa0, (byte) 0xa1}, new byte[] {(byte) 0xff},
                new byte[] {(byte) 0xc0, (byte) 0x80}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xe2, 0x28, (byte) 0xa1}, new byte[] {(byte) 0xf0, 0x28, (byte) 0x8c, (byte) 0xbc},
                new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80})
                .map(b -> new Piece(null, b, null)));
    }

    public static Arbitrary<HostileText> empty() {
        return Arbitraries.of("", " ", "\t\n").map(s -> new HostileText("empty", List.of(Piece.text(s))));
    }

    /** One MiB of text (in characters), sometimes with a NUL at its very end. */
    public static Arbitrary<HostileText> huge() {
        return Arbitraries.of("", "\u0000").map(tail -> new HostileText("huge",
                List.of(Piece.text("x".repeat(1024 * 1024 - tail.length()) + tail))));
    }

    public static Arbitrary<HostileText> bidiAndCombining() {
        return around("bidi_combining", Arbitraries.of("\u200f", "\u202e", "\u2066", "\u200d", "e\u0301",
                "\u0915\u094d\u0937", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "a\u0300\u0301\u0302\u0303",
                "\ud83d\udc69\u200d\ud83d\udcbb", "\ufeff", "\u00a0").map(Piece::text));
    }

    public static Arbitrary<HostileText> plain() {
        return words().map(w -> new HostileText("plain", List.of(Piece.text(w))));
    }

    // ---- encoding helpers

    private static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String unescape(String jsonEscape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < jsonEscape.length(); i += 6) {
            s.append((char) Integer.parseInt(jsonEscape.substring(i + 2, i + 6), 16));
        }
        return s.toString();
    }

    private static byte[] cesu8(String surrogates) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (char c : surrogates.toCharArray()) {
            out.write(0xe0 | (c >> 12));
            out.write(0x80 | ((c >> 6) & 0x3f));
            out.write(0x80 | (c & 0x3f));
        }
        return out.toByteArray();
    }
}
