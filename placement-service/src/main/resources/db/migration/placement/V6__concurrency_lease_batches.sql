-- Slots leased in batches (PostgresConcurrencyLimiter, SlotBudget): takes up to p_wanted slots of
-- one function for one instance in one round trip, under the tenant's advisory lock as
-- concurrency_acquire (V3) does. Grants what the limit leaves, at most half of the headroom (at
-- least one), so that near the limit the instances' leases shrink to single slots; a limit below
-- p_exact_below is granted one slot at a time and flagged exact: the instance gives every unheld
-- slot back at once. Returns (ACQUIRED, slots granted, exact) or (RESERVED_LIMIT | ACCOUNT_LIMIT, 0, true).
CREATE FUNCTION concurrency_lease(
    p_instance_id     VARCHAR,
    p_tenant          VARCHAR,
    p_function_arn    VARCHAR,
    p_reserved        INTEGER,
    p_account_limit   INTEGER,
    p_timeout_seconds DOUBLE PRECISION,
    p_wanted          INTEGER,
    p_exact_below     INTEGER)
RETURNS TABLE (verdict TEXT, granted INTEGER, exact BOOLEAN)
LANGUAGE plpgsql
AS $$
DECLARE
    function_in_flight   BIGINT;
    unreserved_in_flight BIGINT;
    reservations         BIGINT;
    lim                  BIGINT;
    used                 BIGINT;
    refusal              TEXT;
    is_exact             BOOLEAN;
    slots                INTEGER;
BEGIN
    -- The same key as concurrency_acquire: both take turns on a tenant.
    PERFORM pg_advisory_xact_lock(1098015537, hashtext(p_tenant));
    SELECT coalesce(sum(l.in_flight) FILTER (WHERE l.function_arn = p_function_arn), 0),
           coalesce(sum(l.in_flight) FILTER (WHERE NOT l.reserved), 0)
      INTO function_in_flight, unreserved_in_flight
      FROM concurrency_leases l
      JOIN concurrency_instances i ON i.instance_id = l.instance_id
     WHERE l.tenant = p_tenant
       AND i.heartbeat_at > clock_timestamp() - make_interval(secs => p_timeout_seconds);
    IF p_reserved IS NOT NULL THEN
        lim := p_reserved;
        used := function_in_flight;
        refusal := 'RESERVED_LIMIT';
    ELSE
        SELECT coalesce(sum(f.reserved_concurrency), 0) INTO reservations
          FROM functions f
         WHERE f.tenant = p_tenant;
        lim := p_account_limit - reservations;
        used := unreserved_in_flight;
        refusal := 'ACCOUNT_LIMIT';
    END IF;
    IF used >= lim THEN
        RETURN QUERY SELECT refusal, 0, TRUE;
        RETURN;
    END IF;
    is_exact := lim < p_exact_below;
    slots := CASE WHEN is_exact THEN 1 ELSE least(p_wanted, greatest(1, (lim - used) / 2))::INTEGER END;
    INSERT INTO concurrency_leases (instance_id, tenant, function_arn, reserved, in_flight)
    VALUES (p_instance_id, p_tenant, p_function_arn, p_reserved IS NOT NULL, slots)
    ON CONFLICT (instance_id, tenant, function_arn)
    DO UPDATE SET in_flight = concurrency_leases.in_flight + slots, reserved = excluded.reserved;
    RETURN QUERY SELECT 'ACQUIRED'::TEXT, slots, is_exact;
END
$$;

-- Replaced by concurrency_lease: nothing calls it any more.
DROP FUNCTION concurrency_acquire(VARCHAR, VARCHAR, VARCHAR, INTEGER, INTEGER, DOUBLE PRECISION);
