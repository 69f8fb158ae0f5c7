// Keeps just enough pull events per layer for summarizePull to give the same answer as the full
// history (the last event that carried a size, and the last event), so memory does not grow with
// every "Downloading" tick of a long pull.
import { summarizePull, type PullSummary } from '../../engine/images/pull-progress.js';
import type { ProgressEvent } from '../../api/contract.js';

type PullEvent = Extract<ProgressEvent, { type: 'pull' }>;

export class PullTracker {
  private layers = new Map<string, { sized?: PullEvent; last: PullEvent }>();
  private finished: PullEvent | undefined;
  image = '';

  add(event: PullEvent): PullSummary {
    this.image = event.image;
    if (!event.layer) {
      if (event.status.startsWith('Status: ')) this.finished = event;
    } else {
      const entry = this.layers.get(event.layer);
      const sized = event.total && event.total > 0 ? event : entry?.sized;
      this.layers.set(event.layer, sized ? { sized, last: event } : { last: event });
    }
    return this.summary();
  }

  summary(): PullSummary {
    const events: PullEvent[] = [];
    for (const { sized, last } of this.layers.values()) {
      if (sized && sized !== last) events.push(sized);
      events.push(last);
    }
    if (this.finished) events.push(this.finished);
    return summarizePull(events);
  }
}
