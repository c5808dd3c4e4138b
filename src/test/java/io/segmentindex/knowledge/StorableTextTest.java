package io.segmentindex.knowledge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorableTextTest {

    @Test
    void textThatRoundTripsIsAccepted() {
        for (String ok : new String[] {"", "plain", "tab\tline\nreturn\r", "e\u0301", "\u200f\u202e rtl",
                "\ud83d\udc69\u200d\ud83d\udcbb", "\ufffd", "\ufeff", "\u00a0"}) {
            assertTrue(StorableText.flaw(ok).isEmpty(), ok);
        }
    }

    @Test
    void nulControlsAndUnpairedSurrogatesAreRefused() {
        assertEquals("contains a NUL character (U+0000)", StorableText.flaw("a\u0000b").orElseThrow());
        assertEquals("contains the control character U+001B", StorableText.flaw("\u001b[31m").orElseThrow());
        assertEquals("contains the control character U+007F", StorableText.flaw("x\u007f").orElseThrow());
        assertEquals("contains the control character U+0085", StorableText.flaw("x\u0085").orElseThrow());
        assertEquals("contains invalid UTF-8 or an unpaired surrogate", StorableText.flaw("\ud800").orElseThrow());
        assertTrue(StorableText.flaw("x\udc00").isPresent());
        assertTrue(StorableText.flaw("\udc00\ud800").orElseThrow().contains("unpaired surrogate"));
        assertTrue(StorableText.flaw("\ud83d").isPresent(), "a high surrogate at the very end");
    }

    @Test
    void namesAreAlsoRefusedWithSurroundingWhitespace() {
        assertTrue(StorableText.nameFlaw("Product handbook").isEmpty());
        assertEquals("begins or ends with whitespace", StorableText.nameFlaw(" x").orElseThrow());
        assertEquals("begins or ends with whitespace", StorableText.nameFlaw("x\n").orElseThrow());
        assertEquals("begins or ends with whitespace", StorableText.nameFlaw("\u00a0x").orElseThrow());
        assertTrue(StorableText.nameFlaw("a\u0000").orElseThrow().contains("NUL"));
    }
}
