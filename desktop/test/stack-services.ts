// The services stack/compose.yaml runs by default (the ledger's profile is off), in the file's order:
// what the whole-stack tests, the plain-Compose proof and the console bench expect to see.
export const STACK_SERVICES = [
  'postgres',
  'mongo-registry',
  'dragonfly',
  'nodered',
  'grafana',
  'registry',
  'director',
  'status-backend',
  'status-frontend',
  'reverse-proxy',
] as const;
