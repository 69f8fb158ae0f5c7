import type { User } from '@backend/contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Toaster } from '../../../components';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as UsersPage } from './UsersPage';

afterEach(() => vi.unstubAllGlobals());

const admin = userOf('ADMIN', { id: 1, username: 'root' });
const bob = userOf('USER', { id: 2, username: 'bob' });

function render() {
  renderRoutes(
    [
      {
        path: '/admin/users',
        element: (
          <>
            <UsersPage />
            <Toaster />
          </>
        ),
      },
    ],
    '/admin/users',
  );
  return userEvent.setup();
}

describe('users page: role change', () => {
  it('changes a role: PATCH with the new role, a toast, and the list reloaded', async () => {
    setSession(admin);
    let rows: User[] = [admin, bob];
    const f = fakeFetch({
      'GET /users': () => json(200, rows),
      'PATCH /users/2': (c) => {
        const updated = { ...bob, authority: (c.body as { role: User['authority'] }).role };
        rows = [admin, updated];
        return json(200, { message: 'bob is now DEVELOPER', user: updated });
      },
    });
    stubFetch(f.fetch);
    const u = render();

    expect(screen.queryByText(/no route to change/)).not.toBeInTheDocument();
    await u.click(await screen.findByRole('button', { name: 'Change the role of bob' }));
    const dialog = await screen.findByRole('dialog', { name: 'Role of “bob”' });
    expect(within(dialog).getByText(/signs bob out everywhere/)).toBeInTheDocument();
    const save = within(dialog).getByRole('button', { name: 'Save role' });
    expect(save).toBeDisabled(); // nothing changed yet
    await u.selectOptions(within(dialog).getByLabelText('Role'), 'DEVELOPER');
    await u.click(save);

    expect(await screen.findByText('bob is now Developer; they sign in again to use it')).toBeInTheDocument();
    expect(f.calls.find((c) => c.method === 'PATCH')!.body).toEqual({ role: 'DEVELOPER' });
    await vi.waitFor(() => expect(f.count('GET /users')).toBe(2));
    const row = (await screen.findByRole('cell', { name: 'bob' })).closest('tr')!;
    expect(await within(row).findByText('Developer')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('shows the server refusal (409 last admin) in the dialog and keeps it open', async () => {
    setSession(admin);
    const message = 'root is the last ADMIN; make another user ADMIN first, then change this role';
    const f = fakeFetch({
      'GET /users': () => json(200, [admin, bob]),
      'PATCH /users/1': () => json(409, { message }),
    });
    stubFetch(f.fetch);
    const u = render();

    await u.click(await screen.findByRole('button', { name: 'Change the role of root' }));
    const dialog = await screen.findByRole('dialog', { name: 'Role of “root”' });
    expect(within(dialog).getByText(/your own account/)).toBeInTheDocument();
    await u.selectOptions(within(dialog).getByLabelText('Role'), 'USER');
    await u.click(within(dialog).getByRole('button', { name: 'Save role' }));

    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(f.count('GET /users')).toBe(1);
  });
});
