package io.segmentindex.operations;

import io.segmentindex.knowledge.WireValue;

/** Why a requested segment was not acted on; each is reported per item, never silently. */
public enum SkipReason implements WireValue {
    NOT_FOUND("not_found"),
    ALREADY_ENABLED("already_enabled"),
    ALREADY_DISABLED("already_disabled"),
    NOT_COMPLETED("not_completed"),
    INDEXING_IN_PROGRESS("indexing_in_progress"),
    /** A newer toggle changed the segment before this one ran; the newer one does the index work. */
    SUPERSEDED("superseded"),
    /** The seed's "pass": the document is disabled, archived or not completed, so its segments are not indexed. */
    DOCUMENT_UNAVAILABLE("document_unavailable"),
    DUPLICATE("duplicate"),
    ALREADY_ARCHIVED("already_archived"),
    NOT_ARCHIVED("not_archived");

    private final String wire;

    SkipReason(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static SkipReason already(ToggleAction action) {
        return action.targetEnabled() ? ALREADY_ENABLED : ALREADY_DISABLED;
    }
}
