-- Ended operations are removed once older than the retention (operations.retention-days), oldest first.
CREATE INDEX operations_ended_idx ON operations (finished_at) WHERE finished_at IS NOT NULL;
