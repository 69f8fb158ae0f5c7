// The operator-provided secrets (OpenAI key, GitHub OAuth app) as the forms ask for them: first-run
// setup and Settings use the same fields.
import type { SecretsUpdate } from '../types.js';

export const SECRET_FIELDS = [
  { key: 'openAiKey', label: 'secrets.openAiKey', secret: true },
  { key: 'githubClientId', label: 'secrets.githubClientId', secret: false },
  { key: 'githubClientSecret', label: 'secrets.githubClientSecret', secret: true },
] as const;

export type SecretKey = (typeof SECRET_FIELDS)[number]['key'];

/** The fields the operator filled in (trimmed); an empty field changes nothing. */
export function filledSecrets(values: Partial<Record<SecretKey, string>>): SecretsUpdate {
  const update: SecretsUpdate = {};
  for (const { key } of SECRET_FIELDS) {
    const value = values[key]?.trim();
    if (value) update[key] = value;
  }
  return update;
}
