package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildChunkSplitterTest {

    @Test
    void itSplitsAtTheSeparatorAndDropsEmptyPieces() {
        assertEquals(List.of("one", "two"), new ChildChunkSplitter("\n", 100).split("one\n\n  \ntwo\n"));
    }

    @Test
    void aPieceTooLongIsPackedBySentences() {
        List<String> chunks = new ChildChunkSplitter("\n", 20).split("First one. Second one. Third.");
        assertEquals(List.of("First one.", "Second one. Third."), chunks);
    }

    @Test
    void aSentenceTooLongIsCutAtWordsAndNoChunkExceedsTheLimit() {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        List<String> chunks = new ChildChunkSplitter("\n", 12).split(text);
        assertTrue(chunks.stream().allMatch(c -> c.length() <= 12), chunks.toString());
        assertEquals(text, String.join(" ", chunks), "no word is lost or broken");
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChildChunkSplitter("\n", 0));
    }
}
