// The platform's secrets as Swarm secrets. Our images read their secrets from environment variables
// only (none honours `*_FILE`), and a Swarm secret is a file under /run/secrets, never a variable.
// So a service whose environment holds a secret gets a small shell entrypoint that exports every
// /run/secrets/status-env.<VAR> file as <VAR> and then runs the image's own command; its CMD-SHELL
// health check gets the same prefix (a health check does not see what the entrypoint exported).
// The service spec, `docker service inspect` and the task list then show no secret value.
import { createHash } from 'node:crypto';
import type { HealthCheck } from '../compose/types.js';

/** A secret variable's file: /run/secrets/<prefix><VAR>. */
export const SECRET_ENV_PREFIX = 'status-env.';

const EXPORT_SECRET_ENV =
  `for f in /run/secrets/${SECRET_ENV_PREFIX}*; do [ -e "$f" ] || continue; ` +
  `export "\${f#/run/secrets/${SECRET_ENV_PREFIX}}=$(cat "$f")"; done`;

export interface SecretEnv {
  /** The variable the container sees. */
  variable: string;
  /** Swarm secret name: content-addressed, so a new value is a new secret and the old one stays for a rollback. */
  name: string;
  value: string;
}

/**
 * Splits a service's environment: a variable whose value contains one of `secretValues` (a password
 * alone or inside a URI) becomes a Swarm secret; the others stay plain.
 */
export function splitEnvironment(
  project: string,
  service: string,
  environment: Record<string, string>,
  secretValues: readonly string[],
): { plain: Record<string, string>; secrets: SecretEnv[] } {
  const plain: Record<string, string> = {};
  const secrets: SecretEnv[] = [];
  const values = secretValues.filter((v) => v.length >= 8);
  for (const [variable, value] of Object.entries(environment)) {
    if (values.some((secret) => value.includes(secret)))
      secrets.push({ variable, name: secretName(project, service, variable, value), value });
    else plain[variable] = value;
  }
  return { plain, secrets };
}

/** `<project>_<service>_<VAR>_<hash>`, at most 64 characters (Swarm's limit). */
export function secretName(project: string, service: string, variable: string, value: string): string {
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 10);
  const readable = `${project}_${service}_${variable}`.slice(0, 64 - 11);
  return `${readable}_${hash}`;
}

/** The container's command line: the secrets exported, then the image's entrypoint and command. */
export function secretEntrypoint(command: readonly string[]): string[] {
  return ['/bin/sh', '-c', `${EXPORT_SECRET_ENV}; exec "$@"`, 'status-secret-env', ...command];
}

/** A CMD-SHELL health check that sees the secret variables too; other forms cannot read variables. */
export function healthcheckWithSecrets(healthcheck: HealthCheck): HealthCheck {
  if (healthcheck.test[0] !== 'CMD-SHELL') return healthcheck;
  return {
    ...healthcheck,
    test: ['CMD-SHELL', `${EXPORT_SECRET_ENV}; ${healthcheck.test.slice(1).join(' ')}`],
  };
}
