-- Recent utilization samples of every VM, as the workers report them. Resize decisions look at a
-- window of samples (is the VM idle? has its use stayed far under its allocation?), not one, so
-- samples are kept for a retention period rather than overwritten.
CREATE TABLE vm_utilization_samples (
    id                         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vm_id                      VARCHAR(128)     NOT NULL,
    worker_id                  VARCHAR(128)     NOT NULL,
    tenant                     VARCHAR(128),
    allocated_memory_mib       BIGINT           NOT NULL,
    balloon_memory_mib         BIGINT           NOT NULL,
    guest_used_memory_mib      BIGINT           NOT NULL,
    guest_available_memory_mib BIGINT           NOT NULL,
    containers                 INTEGER          NOT NULL,
    last_invocation_at         TIMESTAMPTZ,
    cpu_percent                DOUBLE PRECISION NOT NULL,
    sampled_at                 TIMESTAMPTZ      NOT NULL
);

CREATE INDEX vm_utilization_samples_by_vm ON vm_utilization_samples (vm_id, sampled_at DESC);
CREATE INDEX vm_utilization_samples_by_time ON vm_utilization_samples (sampled_at);
