// Development defaults; the container's entrypoint.sh overwrites this file at start-up.
window.STATUS_CONFIG = { apiBase: '/backend', grafanaBase: '/grafana', nodeRedBase: '/node-red' };
