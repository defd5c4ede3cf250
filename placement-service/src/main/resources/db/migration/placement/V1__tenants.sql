-- A tenant is an account: everything it owns (functions, VMs) is keyed by it, and its ARNs carry
-- its 12-digit account id. Account ids come from a sequence so they never repeat.
CREATE SEQUENCE account_ids START WITH 100000000001 MAXVALUE 999999999999;

CREATE TABLE tenants (
    name       VARCHAR(64) PRIMARY KEY,
    account_id VARCHAR(12) NOT NULL UNIQUE CHECK (account_id ~ '^[0-9]{12}$'),
    created_at TIMESTAMPTZ NOT NULL
);
