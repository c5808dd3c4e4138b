-- Every accepted toggle is recorded here in the same transaction that flips the segment (a transactional
-- outbox): a crash can lose the background task, never the intent.
CREATE TABLE operations (
    id               uuid PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    dataset_id       uuid         NOT NULL,
    document_id      uuid,
    action           varchar(16)  NOT NULL CHECK (action IN ('enable', 'disable')),
    scope            varchar(16)  NOT NULL CHECK (scope IN ('segment', 'batch')),
    state            varchar(32)  NOT NULL
                     CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'partially_failed')),
    requested_by     varchar(255),
    idempotency_key  varchar(255),
    total            integer      NOT NULL,
    error            text,
    attempts         integer      NOT NULL DEFAULT 0,
    lease_owner      varchar(255),
    lease_until      timestamptz,
    created_at       timestamptz  NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    CONSTRAINT operations_idempotency_key UNIQUE (tenant_id, idempotency_key)
);
CREATE INDEX operations_unfinished_idx ON operations (created_at) WHERE state IN ('queued', 'running');
CREATE INDEX operations_dataset_idx ON operations (dataset_id, created_at);

CREATE TABLE operation_items (
    operation_id     uuid         NOT NULL REFERENCES operations (id) ON DELETE CASCADE,
    position         integer      NOT NULL,
    segment_id       varchar(64)  NOT NULL,
    state            varchar(16)  NOT NULL CHECK (state IN ('queued', 'succeeded', 'failed', 'skipped')),
    reason           varchar(64),
    segment_version  bigint,
    attempts         integer      NOT NULL DEFAULT 0,
    error            text,
    latency_ms       double precision,
    finished_at      timestamptz,
    PRIMARY KEY (operation_id, position)
);
CREATE INDEX operation_items_queued_idx ON operation_items (operation_id) WHERE state = 'queued';
