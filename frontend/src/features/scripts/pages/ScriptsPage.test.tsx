import type { User } from '@backend/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../../lib/session';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { Component as ScriptsPage } from './ScriptsPage';

const MAIN = 'The code must include a module.exports.main function.';

beforeEach(() => {
  clearResourceCache();
  useSession.setState({
    status: 'authenticated',
    user: { id: 1, username: 'dev', email: 'd@example.org', authority: 'DEVELOPER' } as User,
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('scripts page', () => {
  it(
    'checks the code with the backend, then creates the script with its name',
    { timeout: 20_000 },
    async () => {
      const user = userEvent.setup();
      const backend = fakeBackend({
        'GET /scripts': [
          { body: [] },
          {
            body: [
              {
                id: 'b7c1',
                code: 'module.exports.main = () => 1',
                metadata: { name: 'Counter' },
                createdAt: '2026-01-01T00:00:00.000Z',
              },
            ],
          },
        ],
        // the parse route reads text/plain: the first check fails, the second passes
        'POST /scripts/parse': [
          {
            status: 400,
            body: { message: 'Invalid request body', errors: [{ path: '(root)', message: MAIN }] },
          },
          { body: 'module.exports.main = () => 1' },
        ],
        'POST /scripts': { status: 201, body: { message: 'Script created successfully', id: 'b7c1' } },
      });
      vi.stubGlobal('fetch', backend.fetch);
      render(<ScriptsPage />);
      await screen.findByText('No scripts yet.');
      await user.click(screen.getAllByRole('button', { name: 'New script' })[0]!);
      const dialog = await screen.findByRole('dialog', { name: 'New script' });
      await user.type(within(dialog).getByLabelText('Name'), 'Counter');
      const code = within(dialog).getByLabelText(/^Code/);
      await user.clear(code);
      await user.type(code, 'console.log(1)');
      await user.click(within(dialog).getByRole('button', { name: 'Check code' }));
      expect(await within(dialog).findByText(MAIN)).toBeInTheDocument();
      expect(code).toHaveAttribute('aria-invalid', 'true');
      expect(backend.calls.find((c) => c.path === '/scripts/parse')?.body).toBe('console.log(1)');

      await user.clear(code);
      await user.type(code, 'module.exports.main = () => 1');
      await user.click(within(dialog).getByRole('button', { name: 'Check code' }));
      expect(await within(dialog).findByText(/The code is valid/)).toBeInTheDocument();

      await user.click(within(dialog).getByRole('button', { name: 'Create script' }));
      await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
      expect(await screen.findByText('Counter')).toBeInTheDocument();
      expect(backend.calls.find((c) => c.method === 'POST' && c.path === '/scripts')?.body).toEqual({
        code: 'module.exports.main = () => 1',
        metadata: { name: 'Counter', description: '' },
      });
    },
  );
});
