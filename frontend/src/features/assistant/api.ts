// Calls of the assistant pages: assistants (shared), and the signed-in user's own threads.
import type {
  Assistant,
  NewThreadBody,
  AddMessageBody,
  Thread,
  ThreadCreated,
  ThreadMessages,
} from '@backend/contract';
import { api } from '../../api';

export const THREADS_KEY = 'threads';
export const ASSISTANTS_KEY = 'assistants';
export const threadKey = (gptId: string) => `threads/messages:${gptId}`;

export const assistantApi = {
  assistants: (signal?: AbortSignal) => api.get<Assistant[]>('/assistant', { signal }),
  createAssistant: (name: string) =>
    api.post<{ message: string; assistantId: string }>('/assistant', { name }),
  threads: (signal?: AbortSignal) => api.get<Thread[]>('/thread', { signal }),
  /** Creates the thread with its first message and starts the assistant's run. */
  createThread: (body: NewThreadBody) => api.post<ThreadCreated>('/thread', body),
  messages: (gptId: string, signal?: AbortSignal) =>
    api.get<ThreadMessages>(`/thread/${encodeURIComponent(gptId)}`, { signal }),
  send: (gptId: string, body: AddMessageBody) =>
    api.post<{ message: string; runId: string }>(`/thread/${encodeURIComponent(gptId)}`, body),
  rename: (gptId: string, name: string) =>
    api.put<{ message: string }>(`/thread/${encodeURIComponent(gptId)}`, { name }),
  remove: (gptId: string) => api.delete<{ message: string }>(`/thread/${encodeURIComponent(gptId)}`),
};
