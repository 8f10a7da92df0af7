#!/usr/bin/env bash
# First start of the PostgreSQL container: one database and one role for Dagster's own
# storage, one for exlib (with ltree). Passwords come from the environment, never from a file.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v dagster_password="$DAGSTER_PG_PASSWORD" -v exlib_password="$EXLIB_PG_PASSWORD" <<'SQL'
CREATE ROLE dagster LOGIN PASSWORD :'dagster_password';
CREATE DATABASE dagster OWNER dagster;
CREATE ROLE exlib LOGIN PASSWORD :'exlib_password';
CREATE DATABASE exlib OWNER exlib;
\connect exlib
CREATE EXTENSION IF NOT EXISTS ltree;
SQL
