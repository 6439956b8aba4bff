#!/usr/bin/env bash
# The read replica: on an empty volume, clone the primary with pg_basebackup (-R writes
# primary_conninfo and standby.signal), then run PostgreSQL as a hot standby that streams WAL.
# To re-seed a standby that fell too far behind (more than the primary's wal_keep_size), remove
# its volume and start it again: docker compose … rm -sf db-replica && docker volume rm olala_pgdata-replica
set -euo pipefail
: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD in .env}"
: "${PGDATA:=/var/lib/postgresql/data}"
PRIMARY_HOST="${PRIMARY_HOST:-db}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do
    echo "waiting for the primary at $PRIMARY_HOST:5432"
    sleep 2
  done
  chmod 0700 "$PGDATA"
  PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD" pg_basebackup \
    --host="$PRIMARY_HOST" --username=replicator --pgdata="$PGDATA" \
    --wal-method=stream --write-recovery-conf --checkpoint=fast --progress
fi

# hot_standby_feedback: the primary keeps rows a running search still reads, so fewer queries
# are cancelled for "conflict with recovery" (the app retries those on the primary anyway).
exec postgres -c hot_standby=on -c hot_standby_feedback=on
