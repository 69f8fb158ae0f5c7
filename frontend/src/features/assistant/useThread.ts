// One thread's messages, polled while the assistant's run is going. The backend answers only a
// status during a run, so the last messages seen are kept to stay on screen meanwhile.
import { useEffect } from 'react';
import { useResource } from '../../lib/useResource';
import { assistantApi, threadKey } from './api';
import { isFinalRunStatus, toThreadState, type ChatMessage, type ThreadState } from './thread';

/** How often and how long to poll a running thread (tests shorten them). */
export const assistantTiming = { pollMs: 2000, maxWaitMs: 120_000 };

export interface ThreadView {
  state: ThreadState;
  /** The messages to show: the current ones, or the last ones seen while a run goes on. */
  messages: ChatMessage[];
  /** When this answer was asked for (ms since epoch). */
  requestedAt: number;
  /** How long the run has been seen going (0 when not running). */
  runningForMs: number;
}

const lastMessages = new Map<string, ChatMessage[]>();
const runningSince = new Map<string, number>();

async function loadThread(gptId: string, signal: AbortSignal): Promise<ThreadView> {
  const requestedAt = Date.now();
  const state = toThreadState(await assistantApi.messages(gptId, signal));
  if (state.kind === 'messages') {
    lastMessages.set(gptId, state.messages);
    runningSince.delete(gptId);
    return { state, messages: state.messages, requestedAt, runningForMs: 0 };
  }
  const since = runningSince.get(gptId) ?? requestedAt;
  runningSince.set(gptId, since);
  return { state, messages: lastMessages.get(gptId) ?? [], requestedAt, runningForMs: Date.now() - since };
}

export function useThread(gptId: string | undefined) {
  const resource = useResource(gptId ? threadKey(gptId) : null, (signal) => loadThread(gptId!, signal));
  const view = resource.data;
  const polling =
    view?.state.kind === 'running' &&
    !isFinalRunStatus(view.state.status) &&
    view.runningForMs < assistantTiming.maxWaitMs;
  const { reload } = resource;
  useEffect(() => {
    if (!polling) return;
    const timer = setTimeout(() => void reload(), assistantTiming.pollMs);
    return () => clearTimeout(timer);
  }, [polling, view, reload]);
  return { ...resource, polling };
}
