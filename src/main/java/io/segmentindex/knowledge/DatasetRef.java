package io.segmentindex.knowledge;

/**
 * What index work needs of a dataset: whose it is, which it is, and whether its segments carry vectors. A value,
 * so work that outlives a transaction carries no detached entity.
 */
public record DatasetRef(String tenantId, String id, boolean usesVectors) {
}
