package io.segmentindex.api;

import io.segmentindex.platform.Problem;
import io.segmentindex.platform.Uuids;

/** Path ids are UUIDs; anything else names nothing, so it is a 404 like any unknown id. */
final class Ids {

    private Ids() {
    }

    static boolean isUuid(String s) {
        return Uuids.isValid(s);
    }

    static String require(String id, String notFoundMessage) {
        if (!isUuid(id)) {
            throw Problem.notFound(notFoundMessage);
        }
        return id.toLowerCase();
    }

    static String dataset(String id) {
        return require(id, "Dataset not found.");
    }

    static String document(String id) {
        return require(id, "Document not found.");
    }

    static String segment(String id) {
        return require(id, "Segment not found.");
    }
}
