import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as AccountPage } from './AccountPage';

afterEach(() => vi.unstubAllGlobals());

const QR = 'data:image/png;base64,iVBORw0KGgo=';

describe('account page: 2FA', () => {
  it('sets up 2FA: QR code and key, a wrong code is refused, the right one turns it on', async () => {
    let enabled = false;
    const user = userOf('USER', { username: 'carol' });
    setSession(user);
    const f = fakeFetch({
      'GET /users/2fa/status': () => json(200, { twofa_enabled: enabled }),
      'POST /users/2fa/setup': () =>
        json(200, {
          otpauthUrl: 'otpauth://totp/STATUS:carol?secret=JBSWY3DPEHPK3PXP&issuer=STATUS',
          qrCode: QR,
        }),
      'POST /users/2fa/verify': (c) => {
        if ((c.body as { totpToken: string }).totpToken !== '654321')
          return json(401, { message: 'Invalid 2FA token' });
        enabled = true;
        return json(200, { message: '2FA enabled successfully' });
      },
      'GET /users/auth': () =>
        json(200, { authenticated: true, authority: 'USER', user: { ...user, twofaEnabled: enabled } }),
    });
    stubFetch(f.fetch);
    renderRoutes([{ path: '/account', element: <AccountPage /> }], '/account');
    const u = userEvent.setup();

    await u.click(await screen.findByRole('button', { name: 'Set up 2FA' }));
    expect(await screen.findByRole('img', { name: /QR code/ })).toHaveAttribute('src', QR);
    expect(screen.getByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();

    const code = screen.getByLabelText('Authentication code');
    await u.type(code, '123');
    await u.click(screen.getByRole('button', { name: 'Verify and turn on' }));
    expect(await screen.findByText('The code has 6 digits.')).toBeInTheDocument();

    await u.clear(code);
    await u.type(code, '111111');
    await u.click(screen.getByRole('button', { name: 'Verify and turn on' }));
    expect(await screen.findByText('Invalid 2FA token')).toBeInTheDocument();

    await u.clear(code);
    await u.type(code, '654321');
    await u.click(screen.getByRole('button', { name: 'Verify and turn on' }));
    expect(await screen.findByRole('button', { name: 'Turn off 2FA' })).toBeInTheDocument();
    expect(f.count('POST /users/2fa/verify')).toBe(2);
  });

  it('turns 2FA off with the password and a code', async () => {
    setSession(userOf('ADMIN', { twofaEnabled: true }));
    let enabled = true;
    const f = fakeFetch({
      'GET /users/2fa/status': () => json(200, { twofa_enabled: enabled }),
      'POST /users/2fa/disable': () => {
        enabled = false;
        return json(200, { message: '2FA has been disabled successfully' });
      },
      'GET /users/auth': () => json(200, { authenticated: true, authority: 'ADMIN', user: userOf('ADMIN') }),
    });
    stubFetch(f.fetch);
    renderRoutes([{ path: '/account', element: <AccountPage /> }], '/account');
    const u = userEvent.setup();
    await u.type(await screen.findByLabelText('Password'), 'my password');
    await u.type(screen.getByLabelText('Authentication code'), '222333');
    await u.click(screen.getByRole('button', { name: 'Turn off 2FA' }));
    expect(await screen.findByRole('button', { name: 'Set up 2FA' })).toBeInTheDocument();
    expect(f.calls.find((c) => c.path === '/users/2fa/disable')?.body).toEqual({
      password: 'my password',
      totpToken: '222333',
    });
  });
});
