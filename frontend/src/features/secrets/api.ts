// Calls of the secrets page: the signed-in user's own secrets.
import type { Secret, SecretCreateBody, SecretCreated, SecretUpdateBody } from '@backend/contract';
import { api } from '../../api';

export const SECRETS_KEY = 'secrets';

export const secretsApi = {
  list: (signal?: AbortSignal) => api.list<Secret>('/secrets', { signal }),
  /** The only answer that carries the plain value. */
  create: (body: SecretCreateBody) => api.post<SecretCreated>('/secrets', body),
  update: (id: number, body: SecretUpdateBody) =>
    api.patch<Secret & { message: string }>(`/secrets/${id}`, body),
  remove: (id: number) => api.delete(`/secrets/${id}`),
};
