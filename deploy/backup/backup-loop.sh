#!/bin/sh
# Scheduled backups for the compose stack: one at start, then one every
# OLALA_BACKUP_INTERVAL_HOURS; keeps the newest OLALA_BACKUP_KEEP files in OLALA_BACKUP_DIR.
# Each file is written as NAME.partial and renamed when complete, so a crash never leaves a
# file that looks like a backup. See docs/backup.md.
set -eu

dir=${OLALA_BACKUP_DIR:-/backups}
keep=${OLALA_BACKUP_KEEP:-7}
hours=${OLALA_BACKUP_INTERVAL_HOURS:-24}

case "$keep$hours" in
  *[!0-9]*) echo "backup: OLALA_BACKUP_KEEP ($keep) and OLALA_BACKUP_INTERVAL_HOURS ($hours) must be whole numbers" >&2; exit 2 ;;
esac
if [ "$keep" -lt 1 ] || [ "$hours" -lt 1 ]; then
  echo "backup: OLALA_BACKUP_KEEP and OLALA_BACKUP_INTERVAL_HOURS must be at least 1" >&2
  exit 2
fi
mkdir -p "$dir"

# `docker compose stop` sends SIGTERM: stop waiting at once (a backup in progress is abandoned
# and its .partial file removed by the next run).
sleeper=
trap 'if [ -n "$sleeper" ]; then kill "$sleeper" 2>/dev/null; fi; exit 0' TERM INT

while :; do
  rm -f "$dir"/*.partial
  file="$dir/olala-$(date -u +%Y%m%dT%H%M%SZ).olala-backup"
  if node apps/cli/bin/olala.mjs db backup --out "$file" --json; then
    echo "backup: wrote $file"
    # Newest first; everything after the first $keep goes. Only after a success, so failing
    # backups never eat into the good ones.
    ls -1t "$dir"/olala-*.olala-backup | tail -n +"$((keep + 1))" | while read -r old; do
      rm -f -- "$old" && echo "backup: removed $old (keeping the newest $keep)"
    done
  else
    echo "backup: FAILED at $(date -u +%FT%TZ); the previous backups are kept" >&2
  fi
  sleep "$((hours * 3600))" &
  sleeper=$!
  wait "$sleeper"
  sleeper=
done
