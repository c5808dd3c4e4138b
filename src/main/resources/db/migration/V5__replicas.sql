-- With several replicas a document's indexing is leased like an operation: any replica's sweep can take over a
-- document whose indexer died, without racing one that is alive.
ALTER TABLE documents ADD COLUMN indexing_owner varchar(255);
ALTER TABLE documents ADD COLUMN indexing_lease_until timestamptz;
CREATE INDEX documents_unfinished ON documents (created_at) WHERE indexing_status IN ('waiting', 'indexing');
-- Periodic work that one replica does for all (the scheduled reconcile): whoever passes next_run_at first takes it.
CREATE TABLE scheduled_runs (
    name        varchar(64)  PRIMARY KEY,
    next_run_at timestamptz  NOT NULL,
    last_owner  varchar(255)
);
-- What the last reconcile of each dataset found, whichever replica ran it, so every replica exports the same drift.
CREATE TABLE dataset_drift (
    dataset_id  uuid         PRIMARY KEY REFERENCES datasets (id) ON DELETE CASCADE,
    drift       integer      NOT NULL,
    checked_at  timestamptz  NOT NULL
);
