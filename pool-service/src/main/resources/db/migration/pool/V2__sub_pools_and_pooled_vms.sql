-- Sub-pools: warm VMs of one runtime set and memory size, optionally reserved for one tenant.
-- runtimes is a comma-separated list (no runtime name contains a comma). shortfall is written by
-- whichever pool-service instance planned the last replenishment round: the VMs it lacks that no
-- worker has room for.
CREATE TABLE sub_pools (
    id             VARCHAR(64)  PRIMARY KEY,
    runtimes       VARCHAR(256) NOT NULL,
    memory_mib     BIGINT       NOT NULL CHECK (memory_mib BETWEEN 128 AND 10240),
    max_memory_mib BIGINT       NOT NULL CHECK (max_memory_mib >= memory_mib),
    tenant         VARCHAR(128),
    min_size       INTEGER      NOT NULL CHECK (min_size >= 0),
    max_size       INTEGER      NOT NULL CHECK (max_size >= min_size),
    shortfall      INTEGER      NOT NULL DEFAULT 0 CHECK (shortfall >= 0),
    updated_at     TIMESTAMPTZ  NOT NULL
);

-- Every VM the pool booted, across workers, with its lifecycle state:
--   booting  - a boot was planned (the row is written before the worker is called, so that two
--              instances count it and never overshoot a target together);
--   warm     - ready to be claimed;
--   claimed  - handed to one tenant (tenant set); it never becomes warm again. The row is kept
--              only to count recent claims, then deleted;
--   retiring - to be destroyed on its worker (expired, boot failed, worker lost, sub-pool gone).
-- No foreign key to sub_pools: a deleted sub-pool's VMs stay here as retiring until destroyed.
CREATE TABLE pooled_vms (
    vm_id          VARCHAR(64)  PRIMARY KEY,
    sub_pool_id    VARCHAR(64)  NOT NULL,
    worker_id      VARCHAR(128) NOT NULL,
    worker_url     VARCHAR(512) NOT NULL,
    runtimes       VARCHAR(256) NOT NULL,
    memory_mib     BIGINT       NOT NULL,
    max_memory_mib BIGINT       NOT NULL,
    state          VARCHAR(16)  NOT NULL CHECK (state IN ('booting', 'warm', 'claimed', 'retiring')),
    since          TIMESTAMPTZ  NOT NULL,
    started_by     VARCHAR(16),
    tenant         VARCHAR(128),
    claimant       VARCHAR(128),
    reason         VARCHAR(64),
    CHECK ((state = 'claimed') = (tenant IS NOT NULL))
);
CREATE INDEX pooled_vms_by_state ON pooled_vms (state, sub_pool_id);

-- A claimed VM belongs to its tenant for good: the database refuses any change to a claimed row
-- (it can only be deleted), whatever a future statement gets wrong.
CREATE FUNCTION pooled_vms_claimed_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.state = 'claimed' THEN
        RAISE EXCEPTION 'pooled VM % is claimed by tenant % and cannot change', OLD.vm_id, OLD.tenant;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER pooled_vms_claimed_is_final BEFORE UPDATE ON pooled_vms
    FOR EACH ROW EXECUTE FUNCTION pooled_vms_claimed_is_final();

-- When this pool instance last heard from a worker, by its own clock: liveness must not depend on
-- the worker's clock agreeing with ours.
ALTER TABLE workers ADD COLUMN received_at TIMESTAMPTZ;
UPDATE workers SET received_at = reported_at;
ALTER TABLE workers ALTER COLUMN received_at SET NOT NULL;
