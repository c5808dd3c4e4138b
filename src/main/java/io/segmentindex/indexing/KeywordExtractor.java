package io.segmentindex.indexing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks a segment's keywords when the user gave none: the most frequent content words, longest first on ties.
 * Dify uses jieba's TF-IDF for the same purpose; the result is stored on the segment and never recomputed,
 * so keywords survive disable and enable.
 */
public final class KeywordExtractor {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}_-]*");
    private static final Set<String> STOP = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "if", "in",
            "into", "is", "it", "its", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then",
            "there", "these", "they", "this", "to", "was", "were", "will", "with", "which", "who", "what",
            "when", "where", "how", "can", "do", "does", "did", "so", "than", "too", "very", "you", "your",
            "we", "our", "he", "she", "his", "her", "them", "i", "me", "my", "all", "any", "been", "being",
            "also", "more", "most", "other", "some", "only", "own", "same", "should", "would", "could");

    private KeywordExtractor() {
    }

    public static List<String> extract(String text, int max) {
        if (text == null || max <= 0) {
            return List.of();
        }
        Map<String, Integer> freq = new HashMap<>();
        Map<String, Integer> firstSeen = new HashMap<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        int order = 0;
        while (m.find()) {
            String w = m.group();
            if (w.length() < 2 || STOP.contains(w) || w.chars().allMatch(Character::isDigit)) {
                continue;
            }
            freq.merge(w, 1, Integer::sum);
            firstSeen.putIfAbsent(w, order++);
        }
        List<String> words = new ArrayList<>(freq.keySet());
        words.sort((a, b) -> {
            int byFreq = Integer.compare(freq.get(b), freq.get(a));
            if (byFreq != 0) {
                return byFreq;
            }
            int byLength = Integer.compare(b.length(), a.length());
            return byLength != 0 ? byLength : Integer.compare(firstSeen.get(a), firstSeen.get(b));
        });
        return List.copyOf(words.subList(0, Math.min(max, words.size())));
    }
}
