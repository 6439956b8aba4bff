#!/usr/bin/env bash
# Lets the standby (db-replica) stream from the primary: a replication role and a pg_hba line.
# The image runs it from /docker-entrypoint-initdb.d when the pgdata volume is created. On an
# existing volume run it once by hand (it is idempotent):
#   docker compose … exec db bash /docker-entrypoint-initdb.d/20-replication.sh
set -euo pipefail
: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD in .env}"
: "${PGDATA:=/var/lib/postgresql/data}"

psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -v pw="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD %L', :'pw')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'replicator') \gexec
ALTER ROLE replicator WITH PASSWORD :'pw';
SQL

# The image's "host all all all" line does not cover replication connections.
if ! grep -q '^host replication replicator ' "$PGDATA/pg_hba.conf"; then
  echo 'host replication replicator all scram-sha-256' >> "$PGDATA/pg_hba.conf"
fi
psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" -c 'SELECT pg_reload_conf()' > /dev/null
