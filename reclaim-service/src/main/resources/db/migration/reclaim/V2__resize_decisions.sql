-- Every resize the reclaim service decided, before it is sent: a decision is written here first,
-- with a key derived from the sample it came from, so a replayed sample finds it instead of making
-- a second one, and a decision whose instance died before sending it is sent by another.
CREATE TABLE resize_decisions (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key     VARCHAR(200) NOT NULL,
    vm_id               VARCHAR(128) NOT NULL,
    worker_id           VARCHAR(128) NOT NULL,
    tenant              VARCHAR(128),
    direction           VARCHAR(8)   NOT NULL,
    reason              VARCHAR(32)  NOT NULL,
    from_memory_mib     BIGINT       NOT NULL,
    target_memory_mib   BIGINT       NOT NULL,
    achieved_memory_mib BIGINT,
    backoff_level       INTEGER      NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    detail              VARCHAR(500),
    attempts            INTEGER      NOT NULL DEFAULT 0,
    from_sample_at      TIMESTAMPTZ  NOT NULL,
    decided_at          TIMESTAMPTZ  NOT NULL,
    applied_at          TIMESTAMPTZ,
    settled_at          TIMESTAMPTZ,
    updated_at          TIMESTAMPTZ  NOT NULL,
    claimed_until       TIMESTAMPTZ,
    CONSTRAINT resize_decisions_key UNIQUE (idempotency_key)
);

CREATE INDEX resize_decisions_by_vm ON resize_decisions (vm_id, decided_at DESC);
CREATE INDEX resize_decisions_by_tenant ON resize_decisions (tenant, decided_at DESC);
CREATE INDEX resize_decisions_pending ON resize_decisions (decided_at) WHERE status = 'PENDING';

-- Where each worker's API answers, from its capacity reports: utilization samples name only the
-- worker, and resize commands go to its API.
CREATE TABLE known_workers (
    worker_id   VARCHAR(128) PRIMARY KEY,
    api_url     VARCHAR(500) NOT NULL,
    reported_at TIMESTAMPTZ  NOT NULL
);

-- A replayed sample is the same sample.
CREATE UNIQUE INDEX vm_utilization_samples_once ON vm_utilization_samples (vm_id, sampled_at);
