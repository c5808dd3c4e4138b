package it.io.segmentindex;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retrieval excludes in the index query only what is on its way to the index; these tests make the index disagree
 * with the database behind the service's back (a segment switched off in SQL, its node left in the index) and
 * check that such a segment is still never returned and that top_k is still filled.
 */
class RetrievalDriftIT {

    final Api api = new Api();

    @Test
    void aSegmentTheIndexStillHoldsButTheDatabaseRefusesIsNotReturnedAndTopKIsFilled() throws SQLException {
        String ds = api.createDataset("economy");
        String doc = api.addDocument(ds, "the river delta floods", "the river bank erodes", "the river mouth silts",
                "the river source springs", "the river bed shifts");
        List<String> ids = api.segmentIds(ds, doc);
        String settled = ids.get(0);
        api.awaitOperation(api.patch("/api/v1/datasets/" + ds + "/segments/" + settled + "/disable").expect(202)
                .json().getString("operation_id"));
        String drifted = ids.get(1);
        disableBehindTheServicesBack(drifted);
        JsonObject state = api.get("/api/v1/datasets/" + ds + "/segments/" + drifted + "/index").expect(200).json();
        assertTrue(state.getBoolean("in_index") && !state.getBoolean("should_be_in_index"), "drift: " + state);

        Set<String> found = ids(api.hitTest(ds, "river", "full_text_search", 3));
        assertEquals(3, found.size(), "top_k filled: " + found);
        assertFalse(found.contains(settled), "a settled disable is out of the index");
        assertFalse(found.contains(drifted), "the database refuses what the index still holds");
        assertEquals(Set.copyOf(ids.subList(2, 5)), found);

        assertEquals(1, api.reconcile(ds).getInt("extra"), "the reconcile finds and removes the stray node");
    }

    @Test
    void moreDriftThanRefinementsCoverFallsBackToExcludingEverythingUnsearchable() throws SQLException {
        String ds = api.createDataset("economy");
        // The drifted segments rank first for "alpha", so every refined query meets another one of them.
        String doc = api.addDocument(ds, "alpha alpha alpha one", "alpha alpha alpha two", "alpha alpha alpha three",
                "alpha alpha alpha four", "alpha beta gamma delta epsilon zeta");
        List<String> ids = api.segmentIds(ds, doc);
        for (String id : ids.subList(0, 4)) {
            disableBehindTheServicesBack(id);
        }
        JsonArray records = api.hitTest(ds, "alpha", "full_text_search", 1);
        assertEquals(List.of(ids.get(4)), List.copyOf(ids(records)), records.toString());
        assertEquals(4, api.reconcile(ds).getInt("extra"));
    }

    private static void disableBehindTheServicesBack(String segmentId) throws SQLException {
        try (Connection db = Services.db();
             PreparedStatement st = db.prepareStatement(
                     "UPDATE document_segments SET enabled = false WHERE id = CAST(? AS uuid)")) {
            st.setString(1, segmentId);
            assertEquals(1, st.executeUpdate());
        }
    }

    private static Set<String> ids(JsonArray records) {
        return records.stream().map(v -> v.asJsonObject().getJsonObject("segment").getString("id"))
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
