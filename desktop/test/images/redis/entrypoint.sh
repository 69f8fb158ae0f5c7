#!/usr/bin/env bash
# Entrypoint of status-test/redis:1. Dragonfly reads flags from DFLY_<flag>; the ones the stack
# uses become redis-server settings:
#   DFLY_requirepass   -> requirepass
#   DFLY_dir           -> dir (created and given to the redis user)
#   DFLY_dbfilename    -> dbfilename <name>.rdb ({timestamp} placeholders removed)
#   DFLY_snapshot_cron -> save <seconds> 1 ("*/N * * * *" = every N minutes; otherwise 300 s)
# Listens on 0.0.0.0:6379 with protected-mode off, logs to stdout. Arguments that look like
# Dragonfly flags (--something) are ignored; any other command is executed as given.
set -Eeuo pipefail

if [ $# -gt 0 ] && [ "${1:0:1}" != '-' ]; then
  exec "$@"
fi
if [ $# -gt 0 ]; then
  echo "redis-entrypoint: ignoring Dragonfly arguments: $*" >&2
fi

quote() { # a redis.conf double-quoted string
  local v="${1//\\/\\\\}"
  v="${v//\"/\\\"}"
  printf '"%s"' "$v"
}

dir="${DFLY_dir:-/data}"
dbfilename="${DFLY_dbfilename:-dump}"
dbfilename="${dbfilename//\{timestamp\}/}"
dbfilename="${dbfilename%-}"
case "$dbfilename" in
  *.rdb) ;;
  *) dbfilename="$dbfilename.rdb" ;;
esac
save_seconds=300
if [[ "${DFLY_snapshot_cron:-}" =~ ^\*/([0-9]+)[[:space:]] ]]; then
  save_seconds=$(( BASH_REMATCH[1] * 60 ))
fi

mkdir -p "$dir"
conf=/run/redis-standin/redis.conf
mkdir -p "${conf%/*}"
{
  echo "bind 0.0.0.0"
  echo "port 6379"
  echo "protected-mode no"
  echo "daemonize no"
  echo 'logfile ""'
  echo "dir $(quote "$dir")"
  echo "dbfilename $(quote "$dbfilename")"
  if [ -n "${DFLY_snapshot_cron:-}" ]; then echo "save $save_seconds 1"; else echo 'save ""'; fi
  if [ -n "${DFLY_requirepass:-}" ]; then echo "requirepass $(quote "$DFLY_requirepass")"; fi
} > "$conf"

if [ "$(id -u)" = 0 ]; then
  chown -R redis:redis "$dir" "${conf%/*}"
  chmod 600 "$conf"
  exec setpriv --reuid=redis --regid=redis --init-groups redis-server "$conf"
fi
exec redis-server "$conf"
