import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { Component as SecretsPage } from './SecretsPage';

const stored = {
  id: 7,
  name: 'github_token',
  type: 'TOKEN',
  environment: 'production',
  createdBy: 'alice',
  version: 1,
  rotatedAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  value: '********',
};

beforeEach(() => clearResourceCache());

describe('secrets page', () => {
  it('creates a secret and shows its value once, then never again', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const backend = fakeBackend({
      'GET /secrets': [{ body: [] }, { body: [stored] }],
      'POST /secrets': {
        status: 201,
        body: { message: 'Secret created successfully', ...stored, value: 'ghp_s3cr3t' },
      },
    });
    render(<SecretsPage />);

    await screen.findByText('You have no secrets yet.');
    await user.click(screen.getAllByRole('button', { name: 'New secret' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'New secret' });
    await user.type(within(dialog).getByLabelText(/^Name/), 'GitHub token');
    await user.selectOptions(within(dialog).getByLabelText('Type'), 'TOKEN');
    await user.type(within(dialog).getByLabelText(/^Value/), 'ghp_s3cr3t');
    await user.click(within(dialog).getByRole('button', { name: 'Create secret' }));

    const reveal = await screen.findByRole('dialog', { name: 'Secret github_token created' });
    expect(within(reveal).getByLabelText('Secret value')).toHaveValue('ghp_s3cr3t');
    expect(within(reveal).getByText(/shown only this once/)).toBeInTheDocument();
    await user.click(within(reveal).getByRole('button', { name: 'Copy value' }));
    expect(writeText).toHaveBeenCalledWith('ghp_s3cr3t');
    expect(await within(reveal).findByText('Copied to the clipboard.')).toBeInTheDocument();

    expect(backend.calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'GitHub token',
      type: 'TOKEN',
      environment: 'production',
      value: 'ghp_s3cr3t',
    });

    await user.click(within(reveal).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('github_token')).toBeInTheDocument();
    expect(screen.queryByDisplayValue('ghp_s3cr3t')).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain('ghp_s3cr3t');
  });

  it(
    'requires a value and shows a duplicate name (409) under the name field',
    { timeout: 20_000 },
    async () => {
      const user = userEvent.setup();
      const backend = fakeBackend({
        'GET /secrets': { body: [stored] },
        'POST /secrets': {
          status: 409,
          body: {
            message: 'A secret with this name already exists.',
            errors: [{ path: 'name', message: 'already exists' }],
          },
        },
      });
      render(<SecretsPage />);
      await screen.findByText('github_token');
      await user.click(screen.getByRole('button', { name: 'New secret' }));
      const dialog = await screen.findByRole('dialog', { name: 'New secret' });
      await user.type(within(dialog).getByLabelText(/^Name/), 'github_token');
      await user.click(within(dialog).getByRole('button', { name: 'Create secret' }));
      expect(await within(dialog).findByText('Enter the value to keep.')).toBeInTheDocument();
      expect(backend.calls.some((c) => c.method === 'POST')).toBe(false);

      await user.type(within(dialog).getByLabelText(/^Value/), 'x');
      await user.click(within(dialog).getByRole('button', { name: 'Create secret' }));
      expect(await within(dialog).findByText('already exists')).toBeInTheDocument();
      expect(within(dialog).getByLabelText(/^Name/)).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByText('A secret with this name already exists.')).toBeInTheDocument();
      expect(screen.queryByRole('dialog', { name: /created/ })).not.toBeInTheDocument();
    },
  );
});
