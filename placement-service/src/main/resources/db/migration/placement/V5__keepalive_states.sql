-- The learnt keep-alive policies' state (idle-time histograms per function version and per tenant,
-- and the population's), per placement instance, so that a restart keeps what was learnt
-- (KeepAliveStates). Written every minute and on shutdown; a few hundred bytes per function.
CREATE TABLE keepalive_states (
    instance_id VARCHAR(128) NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    state       BYTEA        NOT NULL,
    written_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (instance_id, kind)
);
