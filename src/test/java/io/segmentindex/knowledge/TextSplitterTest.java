package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextSplitterTest {

    @Test
    void itSplitsAtTheSeparatorAndDropsEmptyPieces() {
        assertEquals(List.of("one", "two"), new TextSplitter("\n", 100).split("one\n\n  \ntwo\n"));
    }

    @Test
    void aPieceTooLongIsPackedBySentences() {
        List<String> chunks = new TextSplitter("\n", 20).split("First one. Second one. Third.");
        assertEquals(List.of("First one.", "Second one. Third."), chunks);
    }

    @Test
    void aSentenceTooLongIsCutAtWordsAndNoChunkExceedsTheLimit() {
        String text = "alpha beta gamma delta epsilon zeta eta theta iota kappa";
        List<String> chunks = new TextSplitter("\n", 12).split(text);
        assertTrue(chunks.stream().allMatch(c -> c.length() <= 12), chunks.toString());
        assertEquals(text, String.join(" ", chunks), "no word is lost or broken");
    }

    @Test
    void aBlockIsAQuestionLineAndTheLinesThatAnswerIt() {
        assertArrayEquals(new String[] {"Why?", "Because.\nAnd so on."},
                TextSplitter.questionAndAnswer("\n Why? \nBecause.\nAnd so on.\n"));
        assertNull(TextSplitter.questionAndAnswer("A question alone?"));
        assertNull(TextSplitter.questionAndAnswer("Q?\n   \n"));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TextSplitter("\n", 0));
    }
}
