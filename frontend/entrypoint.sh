#!/bin/sh
# Writes the runtime configuration, then serves. The same image works at any address.
set -eu
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
cat > /usr/share/nginx/html/config.js <<JS
window.STATUS_CONFIG = {
  apiBase: $(json_string "${STATUS_API_BASE:-/backend}"),
  grafanaBase: $(json_string "${STATUS_GRAFANA_BASE:-/grafana}"),
  nodeRedBase: $(json_string "${STATUS_NODE_RED_BASE:-/node-red}")
};
JS
exec nginx -g 'daemon off;'
