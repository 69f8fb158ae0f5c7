import type { User } from '@backend/contract';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSession } from '../../../lib/session';
import { clearResourceCache } from '../../../lib/useResource';
import { fakeBackend } from '../../../test/fakeBackend';
import { assistantTiming } from '../useThread';
import { Component as AssistantPage } from './AssistantPage';

const thread = {
  id: 1,
  gptId: 'thread_1',
  name: 'Ticket flow',
  runId: 'run_1',
  userId: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const assistant = {
  id: 1,
  assistantId: 'asst_1',
  name: 'Helper',
  instructions: '',
  tools: [],
  model: 'gpt-4o-mini',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
const msg = (id: string, role: 'user' | 'assistant', text: string, at: number) => ({
  id,
  role,
  created_at: at,
  content: [{ type: 'text', text: { value: text } }],
});
const first = [
  msg('m2', 'assistant', 'It counts the open tickets.', 20),
  msg('m1', 'user', 'What does the flow do?', 10),
];
const question = 'Please add a check that fails when more than ten tickets are open';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const renderThread = (path = '/assistant/thread_1') =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/assistant" element={<AssistantPage />} />
        <Route path="/assistant/:threadId" element={<AssistantPage />} />
      </Routes>
    </MemoryRouter>,
  );

const saved = { ...assistantTiming };
beforeEach(() => {
  clearResourceCache();
  assistantTiming.pollMs = 20;
  useSession.setState({
    status: 'authenticated',
    user: { id: 1, username: 'alice', email: 'a@example.org', authority: 'USER' } as User,
  });
});
afterEach(() => Object.assign(assistantTiming, saved));

describe('assistant', () => {
  it(
    'sends a message, shows it pending, waits for the run and shows the answer',
    { timeout: 20_000 },
    async () => {
      const user = userEvent.setup();
      const release = deferred();
      const backend = fakeBackend({
        'GET /thread': { body: [thread] },
        'GET /assistant': { body: [assistant] },
        'GET /thread/thread_1': [
          { body: { data: first, has_more: false } },
          { body: { message: 'Run not completed yet', status: 'queued' } },
          { body: { message: 'Run not completed yet', status: 'in_progress' } },
          {
            body: {
              data: [
                msg('m4', 'assistant', 'Add a switch node after the count.', 40),
                msg('m3', 'user', question, 30),
                ...first,
              ],
              has_more: false,
            },
          },
        ],
        'POST /thread/thread_1': async () => {
          await release.promise;
          return { status: 201, body: { message: 'Message added successfully', runId: 'run_2' } };
        },
      });
      renderThread();
      expect(await screen.findByText('It counts the open tickets.')).toBeInTheDocument();
      expect(screen.getByRole('heading', { name: 'Ticket flow' })).toBeInTheDocument();

      const box = screen.getByLabelText('Message');
      await user.type(box, question);
      await user.click(screen.getByRole('button', { name: 'Send' }));

      // pending: the text is shown as the user's, the box and the button are busy
      expect(await screen.findByText(question, { selector: '.assistant-message-text' })).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Sending…' })).toBeDisabled();
      expect(box).toBeDisabled();

      release.resolve();
      expect(await screen.findByText('Add a switch node after the count.')).toBeInTheDocument();
      expect(screen.getAllByText(question, { selector: '.assistant-message-text' })).toHaveLength(1);
      expect(screen.queryByText(/The assistant is thinking/)).not.toBeInTheDocument();
      expect(backend.calls.find((c) => c.method === 'POST')?.body).toEqual({
        assistantId: 'asst_1',
        content: question,
      });
      expect(
        backend.calls.filter((c) => c.path === '/thread/thread_1' && c.method === 'GET').length,
      ).toBeGreaterThanOrEqual(4);
      await waitFor(() => expect(screen.getByLabelText('Message')).toBeEnabled());
    },
  );

  it('checks the length rule before sending', async () => {
    const user = userEvent.setup();
    const backend = fakeBackend({
      'GET /thread': { body: [thread] },
      'GET /assistant': { body: [assistant] },
      'GET /thread/thread_1': { body: { data: first, has_more: false } },
    });
    renderThread();
    await screen.findByText('It counts the open tickets.');
    await user.type(screen.getByLabelText('Message'), 'too short');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(
      await screen.findByText(/at least 6 words or 40 characters/, { selector: '.field-error' }),
    ).toBeInTheDocument();
    expect(backend.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('says what to do when the server has no OpenAI key', { timeout: 20_000 }, async () => {
    const user = userEvent.setup();
    const notConfigured = {
      status: 404,
      body: { message: 'The AI assistant is not configured (AI_API_KEY)' },
    };
    fakeBackend({
      'GET /thread': { body: [] },
      'GET /assistant': { body: [assistant] },
      'POST /thread': notConfigured,
    });
    renderThread('/assistant');
    await screen.findByText('No conversations yet.');
    await user.type(screen.getByLabelText('Message'), question);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const composer = screen.getByLabelText('Message').closest('form')!;
    expect(await within(composer).findByText(/An administrator must set AI_API_KEY/)).toBeInTheDocument();
    expect(screen.getByLabelText('Message')).toHaveValue(question);
  });
});
