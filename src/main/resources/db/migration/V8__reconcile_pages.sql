-- Reconcile lists a dataset's nodes in pages, by node id in byte order (the index's own term order), so that its
-- memory does not grow with the dataset: these indexes serve each page as a range scan.
CREATE INDEX document_segments_dataset_node_idx ON document_segments (dataset_id, index_node_id COLLATE "C");
CREATE INDEX child_chunks_dataset_node_idx ON child_chunks (dataset_id, index_node_id COLLATE "C");
-- The new index leads with the dataset, so it serves every lookup the old one did.
DROP INDEX document_segments_dataset_idx;
