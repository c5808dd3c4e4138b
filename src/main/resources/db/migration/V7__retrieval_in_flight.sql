-- Retrieval excludes only what the index may hold by mistake: segments not in a searchable status (an indexing or
-- failed one), besides the targets of unfinished operations. Settled disabled segments are out of the index.
CREATE INDEX document_segments_not_indexed_idx ON document_segments (dataset_id) WHERE status <> 'completed';
