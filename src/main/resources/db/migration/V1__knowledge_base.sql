-- Datasets -> documents -> segments (-> child chunks), as in Dify; every row carries its tenant.
CREATE TABLE datasets (
    id                  uuid PRIMARY KEY,
    tenant_id           uuid         NOT NULL,
    name                varchar(255) NOT NULL,
    description         text,
    indexing_technique  varchar(32)  NOT NULL CHECK (indexing_technique IN ('high_quality', 'economy')),
    embedding_model     varchar(255),
    keyword_number      integer      NOT NULL DEFAULT 10 CHECK (keyword_number BETWEEN 1 AND 100),
    created_by          varchar(255) NOT NULL,
    created_at          timestamptz  NOT NULL,
    updated_by          varchar(255),
    updated_at          timestamptz  NOT NULL,
    CONSTRAINT datasets_tenant_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE documents (
    id                uuid PRIMARY KEY,
    tenant_id         uuid         NOT NULL,
    dataset_id        uuid         NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position          integer      NOT NULL,
    name              varchar(255) NOT NULL,
    doc_form          varchar(32)  NOT NULL CHECK (doc_form IN ('text_model', 'qa_model', 'hierarchical_model')),
    enabled           boolean      NOT NULL DEFAULT true,
    disabled_at       timestamptz,
    disabled_by       varchar(255),
    archived          boolean      NOT NULL DEFAULT false,
    archived_at       timestamptz,
    archived_by       varchar(255),
    archived_reason   varchar(255),
    indexing_status   varchar(32)  NOT NULL DEFAULT 'waiting'
                      CHECK (indexing_status IN ('waiting', 'indexing', 'completed', 'error', 'paused')),
    error             text,
    word_count        integer      NOT NULL DEFAULT 0,
    tokens            integer      NOT NULL DEFAULT 0,
    indexing_latency  double precision,
    processing_started_at timestamptz,
    completed_at      timestamptz,
    created_by        varchar(255) NOT NULL,
    created_at        timestamptz  NOT NULL,
    updated_by        varchar(255),
    updated_at        timestamptz  NOT NULL,
    version           bigint       NOT NULL DEFAULT 0
);
CREATE INDEX documents_dataset_idx ON documents (dataset_id, position);
CREATE INDEX documents_tenant_idx ON documents (tenant_id);
CREATE INDEX documents_unfinished_idx ON documents (indexing_status) WHERE indexing_status IN ('waiting', 'indexing');

CREATE TABLE document_segments (
    id               uuid PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    dataset_id       uuid         NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    document_id      uuid         NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    position         integer      NOT NULL,
    content          text         NOT NULL,
    answer           text,
    word_count       integer      NOT NULL,
    tokens           integer      NOT NULL,
    keywords         text,        -- a JSON array, as Dify stores it
    index_node_id    varchar(255),
    index_node_hash  varchar(255),
    hit_count        integer      NOT NULL DEFAULT 0,
    enabled          boolean      NOT NULL DEFAULT true,
    disabled_at      timestamptz,
    disabled_by      varchar(255),
    status           varchar(32)  NOT NULL DEFAULT 'waiting'
                     CHECK (status IN ('waiting', 'indexing', 'completed', 'error', 're_segment')),
    error            text,
    created_by       varchar(255) NOT NULL,
    created_at       timestamptz  NOT NULL,
    updated_by       varchar(255),
    updated_at       timestamptz  NOT NULL,
    indexing_at      timestamptz,
    completed_at     timestamptz,
    stopped_at       timestamptz,
    version          bigint       NOT NULL DEFAULT 0
);
CREATE INDEX document_segments_document_idx ON document_segments (document_id, position);
CREATE INDEX document_segments_dataset_idx ON document_segments (dataset_id);
CREATE INDEX document_segments_node_idx ON document_segments (index_node_id, dataset_id);
CREATE INDEX document_segments_tenant_idx ON document_segments (tenant_id);
-- Retrieval excludes what must not be found; keep that lookup narrow.
CREATE INDEX document_segments_unsearchable_idx ON document_segments (dataset_id)
    WHERE NOT enabled OR status <> 'completed';

CREATE TABLE child_chunks (
    id               uuid PRIMARY KEY,
    tenant_id        uuid         NOT NULL,
    dataset_id       uuid         NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    document_id      uuid         NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    segment_id       uuid         NOT NULL REFERENCES document_segments (id) ON DELETE CASCADE,
    position         integer      NOT NULL,
    content          text         NOT NULL,
    word_count       integer      NOT NULL,
    index_node_id    varchar(255),
    index_node_hash  varchar(255),
    type             varchar(32)  NOT NULL DEFAULT 'automatic' CHECK (type IN ('automatic', 'customized')),
    created_by       varchar(255) NOT NULL,
    created_at       timestamptz  NOT NULL,
    updated_by       varchar(255),
    updated_at       timestamptz  NOT NULL,
    indexing_at      timestamptz,
    completed_at     timestamptz,
    error            text
);
CREATE INDEX child_chunks_segment_idx ON child_chunks (segment_id, position);
CREATE INDEX child_chunks_node_idx ON child_chunks (index_node_id, dataset_id);

-- Computed vectors, keyed like Dify's embedding cache: re-enabling or rebuilding never re-embeds.
CREATE TABLE embeddings (
    model_name   varchar(255) NOT NULL,
    hash         varchar(64)  NOT NULL,
    dimension    integer      NOT NULL,
    embedding    bytea        NOT NULL,
    created_at   timestamptz  NOT NULL,
    PRIMARY KEY (model_name, hash)
);
