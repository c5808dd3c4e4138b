package io.segmentindex.platform;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlArraysTest {

    @Test
    void idsAndNumbersBecomeAnArrayLiteral() {
        assertEquals("{}", SqlArrays.of(List.of()));
        assertEquals("{a1}", SqlArrays.of(List.of("a1")));
        assertEquals("{3,1,2}", SqlArrays.of(List.of(3L, 1L, 2L)));
    }

    @Test
    void textIsQuotedSoThatNoValueCanEndItsElementEarly() {
        assertEquals("{\"a,b\",\"{x}\",\"say \\\"hi\\\"\",\"back\\\\slash\",NULL,\"null\",\"\"}",
                SqlArrays.ofText(java.util.Arrays.asList("a,b", "{x}", "say \"hi\"", "back\\slash", null, "null", "")));
    }
}
