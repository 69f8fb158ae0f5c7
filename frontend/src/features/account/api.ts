import type { DisableTotpBody, MessageBody, TotpSetupResponse, TotpStatus } from '@backend/contract';
import { api } from '../../api';

export const TOTP_STATUS_KEY = 'account/2fa';

export const accountApi = {
  totpStatus: (signal?: AbortSignal) => api.get<TotpStatus>('/users/2fa/status', signal ? { signal } : {}),
  setupTotp: () => api.post<TotpSetupResponse>('/users/2fa/setup'),
  verifyTotp: (totpToken: string) => api.post<MessageBody>('/users/2fa/verify', { totpToken }),
  disableTotp: (body: DisableTotpBody) => api.post<MessageBody>('/users/2fa/disable', body),
};

/** The base32 key inside an otpauth:// URL, for people who type it instead of scanning. */
export function secretOf(otpauthUrl: string): string | null {
  try {
    return new URL(otpauthUrl).searchParams.get('secret');
  } catch {
    return null;
  }
}
