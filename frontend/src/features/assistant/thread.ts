// What `GET /thread/:gptId` answers: the OpenAI messages of the thread (`{data, has_more}`), or
// `{message, status}` while the assistant's run is still going. These helpers turn that into
// what the page shows.

import type { ThreadMessage, ThreadMessages } from '@backend/contract';

export type ThreadState = { kind: 'messages'; messages: ChatMessage[] } | { kind: 'running'; status: string };

export interface ChatMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  createdAt: Date;
}

/** Run states after which polling again changes nothing. */
const FINAL = new Set(['failed', 'cancelled', 'expired', 'incomplete']);

export function isFinalRunStatus(status: string): boolean {
  return FINAL.has(status);
}

function textOf(m: ThreadMessage): string {
  return (m.content ?? [])
    .map((c) =>
      c.type === 'text' && c.text && typeof c.text === 'object'
        ? String((c.text as { value?: unknown }).value ?? '')
        : '',
    )
    .filter(Boolean)
    .join('\n\n');
}

export function toThreadState(body: ThreadMessages | undefined): ThreadState {
  if (body && 'data' in body && Array.isArray(body.data)) {
    const messages = body.data
      .map((m): ChatMessage => ({
        id: m.id,
        role: m.role === 'user' ? 'user' : 'assistant',
        text: textOf(m),
        createdAt: new Date((m.created_at ?? 0) * 1000),
      }))
      // OpenAI lists newest first; a conversation reads oldest first.
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return { kind: 'messages', messages };
  }
  const status = body && 'status' in body && typeof body.status === 'string' ? body.status : 'in_progress';
  return { kind: 'running', status };
}

/** The backend's rule (at least 6 words or 40 characters), checked before sending. */
export function isDetailedEnough(content: string): boolean {
  const t = content.trim();
  return t.split(/\s+/).length >= 6 || t.length >= 40;
}
