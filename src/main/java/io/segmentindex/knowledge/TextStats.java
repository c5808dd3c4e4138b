package io.segmentindex.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes a segment's text the same way everywhere. */
public final class TextStats {

    private TextStats() {
    }

    public static int words(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return text.trim().split("\\s+").length;
    }

    /** An estimate in the spirit of word-piece tokenisers (about 4 characters per token), never below words. */
    public static int tokens(String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        return Math.max(words(text), (text.length() + 3) / 4);
    }

    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
