package io.segmentindex.api;

import io.segmentindex.api.Views.DocumentRef;
import io.segmentindex.api.Views.HitTestingView;
import io.segmentindex.api.Views.PageView;
import io.segmentindex.api.Views.QueryView;
import io.segmentindex.api.Views.RecordView;
import io.segmentindex.api.Views.SegmentView;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewsTest {

    /** Counts how often its value hash is taken, as a record's value hash would take it. */
    static final class CountingList extends ArrayList<String> {
        int hashed;

        CountingList(List<String> items) {
            super(items);
        }

        @Override
        public int hashCode() {
            hashed++;
            return super.hashCode();
        }
    }

    static SegmentView segment(List<String> keywords) {
        OffsetDateTime now = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        return new SegmentView("s1", "d1", "doc1", 0, "Customers can return any item.", null, 5, 5, keywords, "n1",
                "h1", 0, true, null, null, "completed", null, "u", now, null, now, now, now, null, 1, List.of());
    }

    @Test
    void writingAnAnswerDoesNotHashWhatItCarries() {
        CountingList keywords = new CountingList(List.of("refund"));
        SegmentView segment = segment(keywords);
        String hitTesting = new JsonbProvider().getContext(HitTestingView.class).toJson(new HitTestingView(
                new QueryView("refund"), List.of(new RecordView(segment, new DocumentRef("doc1", "a.md", "text_model"),
                        0.5))));
        String page = new JsonbProvider().getContext(PageView.class).toJson(
                new PageView<>(List.of(segment), 1, 1, 20, false));
        assertTrue(hitTesting.contains("\"keywords\":[\"refund\"]"), hitTesting);
        assertTrue(page.contains("\"content\":\"Customers can return any item.\""), page);
        assertEquals(0, keywords.hashed);
    }
}
