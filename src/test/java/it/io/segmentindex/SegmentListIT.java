package it.io.segmentindex;

import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;

import static it.io.segmentindex.DatasetApiIT.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment list of a document, {@code GET .../documents/{doc}/segments}: its filters, paging and errors. */
@MicroShedTest
class SegmentListIT {

    private final Api api = BlackBox.api();

    @Test
    void segmentListFiltersAndPages() {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "alpha one", "beta two", "alpha three", "gamma four", "alpha five");
        String base = "/api/v1/datasets/" + ds + "/documents/" + doc + "/segments";
        var alpha = api.get(base + "?keyword=ALPHA&limit=2").expect(200).json();
        assertEquals(3, alpha.getInt("total"));
        assertEquals(2, alpha.getJsonArray("data").size());
        assertTrue(alpha.getBoolean("has_more"));
        assertEquals(5, api.get(base + "?enabled=true&status=completed").json().getInt("total"));
        assertEquals(0, api.get(base + "?enabled=false").json().getInt("total"));
        assertEquals(0, api.get(base + "?keyword=%25").json().getInt("total"), "LIKE wildcards are literal");

        assertError(api.get(base + "?enabled=maybe"), 400, "invalid_param", "enabled must be true or false.");
        assertError(api.get(base + "?status=done"), 400, "invalid_param", null);
        assertError(api.get(base + "?page=-1"), 400, "invalid_param", null);
    }
}
