-- Which placement instance booted each tenant VM, so that the VMs of an instance that died are
-- destroyed (by a survivor, or by the instance itself when it comes back under the same id)
-- instead of living on their worker with nobody to use or stop them (OrphanVms). A row is written
-- before the boot is asked for, so a VM whose boot outlived its instance is found too.
CREATE TABLE vm_owners (
    worker_id   VARCHAR(64)  NOT NULL,
    vm_id       VARCHAR(64)  NOT NULL,
    instance_id VARCHAR(128) NOT NULL,
    booted_at   TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (worker_id, vm_id)
);

CREATE INDEX vm_owners_instance ON vm_owners (instance_id);
