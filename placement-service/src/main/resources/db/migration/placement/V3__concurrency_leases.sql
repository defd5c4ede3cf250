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

-- Takes one slot if the limits allow, in one round trip (see PostgresConcurrencyLimiter): the
-- tenant's advisory lock first, so that each statement after it sees what the previous holder
-- committed. Returns ACQUIRED, RESERVED_LIMIT or ACCOUNT_LIMIT.
CREATE FUNCTION concurrency_acquire(
    p_instance_id     VARCHAR,
    p_tenant          VARCHAR,
    p_function_arn    VARCHAR,
    p_reserved        INTEGER,
    p_account_limit   INTEGER,
    p_timeout_seconds DOUBLE PRECISION)
RETURNS TEXT
LANGUAGE plpgsql
AS $$
DECLARE
    function_in_flight   BIGINT;
    unreserved_in_flight BIGINT;
    reservations         BIGINT;
BEGIN
    -- 1098015537 is 0x41726331, "Arc1": the first half of the key keeps these locks apart from others.
    PERFORM pg_advisory_xact_lock(1098015537, hashtext(p_tenant));
    SELECT coalesce(sum(l.in_flight) FILTER (WHERE l.function_arn = p_function_arn), 0),
           coalesce(sum(l.in_flight) FILTER (WHERE NOT l.reserved), 0)
      INTO function_in_flight, unreserved_in_flight
      FROM concurrency_leases l
      JOIN concurrency_instances i ON i.instance_id = l.instance_id
     WHERE l.tenant = p_tenant
       AND i.heartbeat_at > clock_timestamp() - make_interval(secs => p_timeout_seconds);
    IF p_reserved IS NOT NULL THEN
        IF function_in_flight >= p_reserved THEN
            RETURN 'RESERVED_LIMIT';
        END IF;
    ELSE
        SELECT coalesce(sum(f.reserved_concurrency), 0) INTO reservations
          FROM functions f
         WHERE f.tenant = p_tenant;
        IF unreserved_in_flight >= p_account_limit - reservations THEN
            RETURN 'ACCOUNT_LIMIT';
        END IF;
    END IF;
    INSERT INTO concurrency_leases (instance_id, tenant, function_arn, reserved, in_flight)
    VALUES (p_instance_id, p_tenant, p_function_arn, p_reserved IS NOT NULL, 1)
    ON CONFLICT (instance_id, tenant, function_arn)
    DO UPDATE SET in_flight = concurrency_leases.in_flight + 1, reserved = excluded.reserved;
    RETURN 'ACQUIRED';
END
$$;
