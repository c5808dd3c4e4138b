package io.segmentindex.api;

import io.segmentindex.platform.Problem;

import java.util.regex.Pattern;

/** Path ids are UUIDs; anything else names nothing, so it is a 404 like any unknown id. */
final class Ids {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    static boolean isUuid(String s) {
        return s != null && UUID.matcher(s).matches();
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
