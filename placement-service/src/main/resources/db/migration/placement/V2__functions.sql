-- The function registry. Every table hangs off functions(id) and goes with it (ON DELETE CASCADE),
-- so deleting a function is one statement and can never leave a version, alias or setting behind.

-- Code is stored once per tenant and digest: versions that share a zip share its row. The digest
-- is the base64 SHA-256 that Lambda reports as CodeSha256.
CREATE TABLE function_code (
    tenant        VARCHAR(64) NOT NULL REFERENCES tenants (name),
    sha256        VARCHAR(44) NOT NULL,
    zip           BYTEA       NOT NULL,
    size_bytes    BIGINT      NOT NULL CHECK (size_bytes > 0),
    unzipped_bytes BIGINT     NOT NULL CHECK (unzipped_bytes >= 0),
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant, sha256)
);

CREATE TABLE functions (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant               VARCHAR(64) NOT NULL REFERENCES tenants (name),
    name                 VARCHAR(64) NOT NULL CHECK (name ~ '^[a-zA-Z0-9_-]{1,64}$'),
    tags                 TEXT,
    reserved_concurrency INTEGER CHECK (reserved_concurrency >= 0),
    last_version         INTEGER     NOT NULL DEFAULT 0,
    revision             BIGINT      NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    -- A concurrent double create ends here: one insert wins, the other gets a unique violation.
    UNIQUE (tenant, name)
);

-- Version 0 is $LATEST, the only mutable one; 1, 2, 3... are published, immutable copies.
CREATE TABLE function_versions (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id     BIGINT       NOT NULL REFERENCES functions (id) ON DELETE CASCADE,
    -- The owner and name are copied from functions (neither ever changes) so that listings need
    -- no join.
    tenant          VARCHAR(64)  NOT NULL,
    function_name   VARCHAR(64)  NOT NULL,
    version         INTEGER      NOT NULL CHECK (version >= 0),
    runtime         VARCHAR(64)  NOT NULL,
    handler         VARCHAR(128),
    role            VARCHAR(2048),
    memory_mib      INTEGER      NOT NULL CHECK (memory_mib BETWEEN 128 AND 10240),
    timeout_seconds INTEGER      NOT NULL CHECK (timeout_seconds BETWEEN 1 AND 900),
    description     VARCHAR(256) NOT NULL DEFAULT '',
    environment     TEXT,
    code_sha256     VARCHAR(44)  NOT NULL,
    code_size       BIGINT       NOT NULL,
    revision_id     UUID         NOT NULL,
    last_modified   TIMESTAMPTZ  NOT NULL,
    UNIQUE (function_id, version),
    UNIQUE (tenant, function_name, version),
    FOREIGN KEY (tenant, code_sha256) REFERENCES function_code (tenant, sha256)
);

CREATE TABLE function_aliases (
    id                         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id                BIGINT       NOT NULL REFERENCES functions (id) ON DELETE CASCADE,
    name                       VARCHAR(128) NOT NULL,
    function_version           VARCHAR(16)  NOT NULL,
    description                VARCHAR(256) NOT NULL DEFAULT '',
    additional_version         VARCHAR(16),
    additional_version_weight  DOUBLE PRECISION NOT NULL DEFAULT 0
        CHECK (additional_version_weight >= 0 AND additional_version_weight <= 1),
    revision_id                UUID         NOT NULL,
    UNIQUE (function_id, name)
);

-- Qualifier is a published version number or an alias name, never $LATEST.
CREATE TABLE provisioned_concurrency_configs (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    function_id   BIGINT       NOT NULL REFERENCES functions (id) ON DELETE CASCADE,
    qualifier     VARCHAR(128) NOT NULL CHECK (qualifier <> '$LATEST'),
    requested     INTEGER      NOT NULL CHECK (requested > 0),
    last_modified TIMESTAMPTZ  NOT NULL,
    UNIQUE (function_id, qualifier)
);
