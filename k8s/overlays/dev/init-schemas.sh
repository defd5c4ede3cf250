#!/usr/bin/env bash
# Runs once, on an empty data directory (the postgres image's /docker-entrypoint-initdb.d): the
# same roles and schemas as local-stack's ServiceSchemas, with passwords from the environment.
# Each service then runs its own Flyway migrations in its own schema.
set -euo pipefail
for service in placement pool reclaim; do
  var="${service^^}_DB_PASSWORD"
  password="${!var:?$var is not set}"
  psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v service="$service" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'service') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'service') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'service', :'password') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'service', :'service') \gexec
SELECT format('REVOKE ALL ON SCHEMA %I FROM PUBLIC', :'service') \gexec
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
done
