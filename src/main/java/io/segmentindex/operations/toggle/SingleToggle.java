package io.segmentindex.operations.toggle;

import io.segmentindex.operations.ToggleAction;

/** A request to toggle one segment, as the request thread knows it (its trace included), before any check. */
public record SingleToggle(String operationId, String tenantId, String userId, String datasetId, String segmentId,
                           ToggleAction action, String traceparent) {
}
