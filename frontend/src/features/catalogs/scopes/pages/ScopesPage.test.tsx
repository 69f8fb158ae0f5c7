import type { User } from '@backend/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../../../../lib/session';
import { clearResourceCache } from '../../../../lib/useResource';
import { fakeBackend } from '../../../../test/fakeBackend';
import { Component as ScopesPage } from './ScopesPage';

function signInAs(authority: User['authority']) {
  useSession.setState({
    status: 'authenticated',
    user: { id: 1, username: 'alice', email: 'a@example.org', authority } as User,
  });
}

const country = {
  id: '6f1c2f6e-2a8a-4d53-9b62-8f0f7d7a3b11',
  name: 'country',
  description: 'Where it happens',
  type: 'string',
  default: 'Spain',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const renderPage = () =>
  render(
    <MemoryRouter initialEntries={['/scopes']}>
      <ScopesPage />
    </MemoryRouter>,
  );

beforeEach(() => clearResourceCache());

describe('scope form', () => {
  it(
    'shows the backend’s 400 and 409 messages under the fields they name, then creates',
    { timeout: 20_000 },
    async () => {
      signInAs('DEVELOPER');
      const user = userEvent.setup();
      const backend = fakeBackend({
        'GET /scopes': [{ body: [] }, { body: [country] }],
        'POST /scopes': [
          {
            status: 400,
            body: {
              message: 'Invalid request body',
              errors: [
                { path: 'name', message: 'name may contain only letters, digits, spaces and _' },
                { path: 'type', message: 'type must not be empty' },
              ],
            },
          },
          {
            status: 409,
            body: {
              message: 'A scope with this name already exists',
              errors: [{ path: 'name', message: 'already exists' }],
            },
          },
          { status: 201, body: country },
        ],
      });
      renderPage();
      await screen.findByText('No scopes defined yet.');
      await user.click(screen.getAllByRole('button', { name: 'New scope' })[0]!);
      const dialog = await screen.findByRole('dialog', { name: 'New scope' });
      const name = within(dialog).getByLabelText(/^Name/);
      await user.type(name, 'country!');
      await user.type(within(dialog).getByLabelText('Default value'), 'Spain');
      await user.click(within(dialog).getByRole('button', { name: 'Create scope' }));

      expect(
        await within(dialog).findByText('name may contain only letters, digits, spaces and _'),
      ).toBeInTheDocument();
      expect(name).toHaveAttribute('aria-invalid', 'true');
      expect(name).toHaveAccessibleDescription(/name may contain only letters/);
      expect(within(dialog).getByText('type must not be empty')).toBeInTheDocument();
      expect(within(dialog).getByText('Invalid request body')).toBeInTheDocument();

      await user.clear(name);
      await user.type(name, 'country');
      await user.click(within(dialog).getByRole('button', { name: 'Create scope' }));
      expect(await within(dialog).findByText('already exists')).toBeInTheDocument();
      expect(within(dialog).queryByText('type must not be empty')).not.toBeInTheDocument();

      await user.click(within(dialog).getByRole('button', { name: 'Create scope' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await screen.findByText('country')).toBeInTheDocument();
      expect(backend.calls.filter((c) => c.method === 'POST').at(-1)?.body).toEqual({
        name: 'country',
        description: '',
        type: 'string',
        default: 'Spain',
      });
    },
  );

  it('edits a scope with only the changed fields', { timeout: 20_000 }, async () => {
    signInAs('ADMIN');
    const user = userEvent.setup();
    const backend = fakeBackend({
      'GET /scopes': { body: [country] },
      [`PUT /scopes/${country.id}`]: { body: { ...country, description: 'Country of the process' } },
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Edit scope country' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit scope country' });
    const description = within(dialog).getByLabelText('Description');
    await user.clear(description);
    await user.type(description, 'Country of the process');
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.calls.find((c) => c.method === 'PUT')?.body).toEqual({
      description: 'Country of the process',
    });
  });

  it('says which scope sets still use a scope before deleting it', { timeout: 20_000 }, async () => {
    signInAs('DEVELOPER');
    const user = userEvent.setup();
    const set = (id: number, controlId: number, scopes: Record<string, string>) => ({
      id,
      _id: String(id),
      controlId,
      scopes,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const backend = fakeBackend({
      'GET /scopes': [{ body: [country] }, { body: [] }],
      'GET /scopes/sets': {
        body: [set(1, 3, { country: 'Spain' }), set(2, 4, { country: 'France' }), set(3, 4, {})],
      },
      [`DELETE /scopes/${country.id}`]: { status: 204 },
    });
    renderPage();
    await user.click(await screen.findByRole('button', { name: 'Delete scope country' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete scope?' });
    expect(
      await within(dialog).findByText('It is used by 2 scope sets (controls #3, #4).'),
    ).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await screen.findByText('No scopes defined yet.');
    expect(backend.calls.some((c) => c.method === 'DELETE' && c.path === `/scopes/${country.id}`)).toBe(true);
  });

  it('hides every change from a USER', async () => {
    signInAs('USER');
    fakeBackend({ 'GET /scopes': { body: [country] } });
    renderPage();
    expect(await screen.findByText('country')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New scope' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit scope country' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete scope country' })).not.toBeInTheDocument();
  });
});
