-- Workers known to the pool, with the last capacity each reported. A worker's row is replaced by
-- newer reports only: Kafka may deliver an old report after a new one across a rebalance.
CREATE TABLE workers (
    worker_id            VARCHAR(128) PRIMARY KEY,
    api_url              VARCHAR(512) NOT NULL,
    memory_mib           BIGINT       NOT NULL CHECK (memory_mib >= 0),
    committed_memory_mib BIGINT       NOT NULL CHECK (committed_memory_mib >= 0),
    vcpus                INTEGER      NOT NULL CHECK (vcpus >= 0),
    committed_vcpus      INTEGER      NOT NULL CHECK (committed_vcpus >= 0),
    vms                  INTEGER      NOT NULL CHECK (vms >= 0),
    reported_at          TIMESTAMPTZ  NOT NULL
);
