#!/bin/sh
# Writes the runtime configuration (config.js) and the security headers, then serves. The same image
# works at any address: STATUS_API_BASE, STATUS_GRAFANA_BASE, STATUS_NODE_RED_BASE.
set -eu
API_BASE="${STATUS_API_BASE:-/backend}"
GRAFANA_BASE="${STATUS_GRAFANA_BASE:-/grafana}"
NODE_RED_BASE="${STATUS_NODE_RED_BASE:-/node-red}"

# A JSON string: backslashes and quotes escaped, CR dropped, newlines as \n.
json_string() { printf '"%s"' "$(printf '%s' "$1" | tr -d '\r' | sed 's/\\/\\\\/g; s/"/\\"/g' | awk '{ printf "%s%s", (NR > 1 ? "\\n" : ""), $0 }')"; }
# The origin of an absolute http(s) base (for the CSP), nothing for a path on this origin.
origin_of() { printf '%s' "$1" | sed -nE 's#^(https?://[A-Za-z0-9.:-]+)(/.*)?$#\1#p'; }

cat > /usr/share/nginx/html/config.js <<JS
window.STATUS_CONFIG = {
  apiBase: $(json_string "$API_BASE"),
  grafanaBase: $(json_string "$GRAFANA_BASE"),
  nodeRedBase: $(json_string "$NODE_RED_BASE")
};
JS

API_ORIGIN="$(origin_of "$API_BASE")"
EMBED_ORIGINS="$(origin_of "$GRAFANA_BASE") $(origin_of "$NODE_RED_BASE")"
# style-src 'unsafe-inline': Radix positions popovers with inline styles. img-src data: for the 2FA QR code.
CSP="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self' ${API_ORIGIN}; frame-src 'self' ${EMBED_ORIGINS}; object-src 'none'; base-uri 'self'; form-action 'self'"
CSP="$(printf '%s' "$CSP" | tr -s ' ' | sed 's/ ;/;/g')"
cat > /etc/nginx/status-headers.conf <<CONF
add_header Content-Security-Policy "$CSP" always;
add_header X-Content-Type-Options "nosniff" always;
add_header Referrer-Policy "strict-origin-when-cross-origin" always;
add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;
CONF

exec nginx -g 'daemon off;'
