-- Concurrent executions, counted across every placement instance (ConcurrencyLimiter). Each
-- instance keeps its own rows and a heartbeat; an instance whose heartbeat is older than the
-- timeout counts for nothing, and its rows are deleted by whichever instance notices first.
CREATE TABLE concurrency_instances (
    instance_id  VARCHAR(128) PRIMARY KEY,
    heartbeat_at TIMESTAMPTZ  NOT NULL
);

-- One row per instance and function: how many calls of it this instance runs now. "reserved" says
-- whether the function had reserved concurrency when the row was last taken, so that the account's
-- unreserved pool can be summed without a join.
CREATE TABLE concurrency_leases (
    instance_id  VARCHAR(128)  NOT NULL REFERENCES concurrency_instances (instance_id) ON DELETE CASCADE,
    tenant       VARCHAR(64)   NOT NULL,
    function_arn VARCHAR(256)  NOT NULL,
    reserved     BOOLEAN       NOT NULL,
    in_flight    INTEGER       NOT NULL CHECK (in_flight >= 0),
    PRIMARY KEY (instance_id, tenant, function_arn)
);

CREATE INDEX concurrency_leases_by_tenant ON concurrency_leases (tenant) INCLUDE (function_arn, reserved, in_flight, instance_id);
