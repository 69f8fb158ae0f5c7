import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { userOf } from '../../../test/render';
import { registerMessages } from '../../../i18n';
import { messages } from '../messages';
import { UserFormDialog } from './UserFormDialog';

registerMessages('admin', messages);
afterEach(() => vi.unstubAllGlobals());

async function fill(values: { username: string; email: string; password: string; role?: string }) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^Username/), values.username);
  await user.type(screen.getByLabelText(/^Email/), values.email);
  await user.type(screen.getByLabelText(/^Password/), values.password);
  if (values.role) await user.selectOptions(screen.getByLabelText(/^Role/), values.role);
  await user.click(screen.getByRole('button', { name: 'Create user' }));
}

describe('admin user form', () => {
  it('creates a user with the chosen role and reports it', async () => {
    const f = fakeFetch({
      'POST /users/signUp': (c) =>
        json(201, {
          message: 'created',
          user: userOf('DEVELOPER', { id: 7, username: (c.body as { username: string }).username }),
        }),
    });
    stubFetch(f.fetch);
    const onCreated = vi.fn();
    const onOpenChange = vi.fn();
    render(<UserFormDialog open onOpenChange={onOpenChange} onCreated={onCreated} />);
    await fill({ username: 'bob', email: 'bob@example.com', password: 'longenough', role: 'DEVELOPER' });
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(f.calls[0]!.body).toEqual({
      username: 'bob',
      email: 'bob@example.com',
      password: 'longenough',
      authority: 'DEVELOPER',
    });
    expect(onCreated.mock.calls[0]![0]).toMatchObject({ id: 7, username: 'bob' });
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it('shows the server field errors of a 400 under the fields and stays open', async () => {
    const f = fakeFetch({
      'POST /users/signUp': () =>
        json(400, {
          message: 'Invalid request body',
          errors: [
            { path: 'username', message: 'username may contain only letters and digits' },
            { path: 'password', message: 'password must be at least 8 characters' },
          ],
        }),
    });
    stubFetch(f.fetch);
    const onOpenChange = vi.fn();
    render(<UserFormDialog open onOpenChange={onOpenChange} onCreated={vi.fn()} />);
    await fill({ username: 'bob smith', email: 'bob@example.com', password: 'short' });
    expect(await screen.findByText('username may contain only letters and digits')).toBeInTheDocument();
    expect(screen.getByLabelText(/^Password/)).toHaveAccessibleDescription(
      'At least 8 characters. password must be at least 8 characters',
    );
    expect(screen.getByText('Invalid request body')).toBeInTheDocument();
    expect(onOpenChange).not.toHaveBeenCalledWith(false);
  });

  it('puts a 409 "Email already exists" under the email field', async () => {
    stubFetch(
      fakeFetch({ 'POST /users/signUp': () => json(409, { message: 'Email already exists' }) }).fetch,
    );
    render(<UserFormDialog open onOpenChange={vi.fn()} onCreated={vi.fn()} />);
    await fill({ username: 'bob', email: 'taken@example.com', password: 'longenough' });
    await vi.waitFor(() =>
      expect(screen.getByLabelText(/^Email/)).toHaveAccessibleDescription('Email already exists'),
    );
  });

  it('asks for missing fields without calling the server', async () => {
    const f = fakeFetch({});
    stubFetch(f.fetch);
    render(<UserFormDialog open onOpenChange={vi.fn()} onCreated={vi.fn()} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Create user' }));
    expect(screen.getByText('Username is required.')).toBeInTheDocument();
    expect(f.calls).toHaveLength(0);
  });
});
