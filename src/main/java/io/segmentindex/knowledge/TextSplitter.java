package io.segmentindex.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits text into pieces (a pasted document into segments, a parent segment into child chunks): first by the
 * separator, then any piece still too long at sentence ends, then at word boundaries, so no piece exceeds
 * {@code maxChars}.
 */
public final class TextSplitter {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    private final String separator;
    private final int maxChars;

    public TextSplitter(String separator, int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive");
        }
        this.separator = separator;
        this.maxChars = maxChars;
    }

    /**
     * A question and its answer from one block: the first non-empty line asks, the lines after it answer; null
     * when there is no answer line.
     */
    public static String[] questionAndAnswer(String block) {
        String b = block.strip();
        int newline = b.indexOf('\n');
        if (newline < 0 || b.substring(newline).isBlank()) {
            return null;
        }
        return new String[] {b.substring(0, newline).strip(), b.substring(newline + 1).strip()};
    }

    public List<String> split(String content) {
        List<String> out = new ArrayList<>();
        for (String piece : content.split(Pattern.quote(separator))) {
            String p = piece.strip();
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() <= maxChars) {
                out.add(p);
            } else {
                packSentences(p, out);
            }
        }
        return out;
    }

    private void packSentences(String text, List<String> out) {
        StringBuilder current = new StringBuilder();
        for (String sentence : SENTENCE_END.split(text)) {
            if (current.length() > 0 && current.length() + 1 + sentence.length() > maxChars) {
                out.add(current.toString());
                current.setLength(0);
            }
            if (sentence.length() > maxChars) {
                cutWords(sentence, out);
                continue;
            }
            if (current.length() > 0) {
                current.append(' ');
            }
            current.append(sentence);
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
    }

    private void cutWords(String text, List<String> out) {
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + maxChars);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > start) {
                    end = space;
                }
            }
            String part = text.substring(start, end).strip();
            if (!part.isEmpty()) {
                out.add(part);
            }
            start = end;
        }
    }
}
