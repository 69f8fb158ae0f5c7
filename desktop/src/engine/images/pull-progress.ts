// What the engine's pull progress lines mean, folded into a summary a UI can draw (one bar per
// layer and one for the image). A Docker Engine pull streams, per layer (id = the first 12 hex
// digits of the compressed digest, always with a `progressDetail`, often empty):
//   Pulling fs layer → Waiting → Downloading {current,total} → Verifying Checksum → Download complete
//   → Extracting {current,total} → Pull complete          (or just "Already exists")
// and image-level lines: "Pulling from <repo>" (id = the tag or digest asked for), then
// "Digest: sha256:…" and "Status: Downloaded newer image for …" / "Status: Image is up to date for …"
// without an id.
// The summary is computed here, once, and sent in the `pull` progress events: every UI (console,
// CLI) draws it as it comes.
import type { LayerProgress, PullSummary } from '../progress.js';

export interface PullMessage {
  status?: string;
  id?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Status lines about the whole image, even when they carry an id (the tag or digest). */
const IMAGE_LEVEL_STATUS = /^(Pulling from |Pulling repository|Trying to pull |Digest: |Status: )/;

/** The layer a pull message is about, or '' for image-level lines. */
export function pullLayerId(message: PullMessage): string {
  if (!message.id) return '';
  if (IMAGE_LEVEL_STATUS.test(message.status ?? '')) return '';
  return message.id;
}

const DOWNLOADED = new Set(['Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete']);
const DONE = new Set(['Pull complete', 'Already exists']);

/** Folds one image's pull messages, as they arrive, into per-layer and total download progress. */
export class PullTracker {
  private readonly layers = new Map<string, LayerProgress>();
  private done = false;

  /** Applies one engine message and answers the summary so far. */
  add(message: PullMessage): PullSummary {
    const id = pullLayerId(message);
    const status = message.status ?? '';
    if (!id) {
      if (status.startsWith('Status: ')) this.done = true;
      return this.summary();
    }
    let layer = this.layers.get(id);
    if (!layer) this.layers.set(id, (layer = { id, status: '', current: 0, total: 0, done: false }));
    const { current, total } = message.progressDetail ?? {};
    layer.status = status;
    // Extracting reports the compressed bytes read against the same compressed total.
    if (total && total > 0) layer.total = total;
    if (status === 'Downloading' && current !== undefined)
      layer.current = Math.min(current, layer.total || current);
    else if (DOWNLOADED.has(status)) layer.current = layer.total;
    if (DONE.has(status)) layer.done = true;
    return this.summary();
  }

  /** A copy: the tracker goes on changing its layers, a sent summary must not change with them. */
  summary(): PullSummary {
    const layers = [...this.layers.values()].map((layer) => ({ ...layer }));
    return {
      layers,
      current: layers.reduce((sum, l) => sum + l.current, 0),
      total: layers.reduce((sum, l) => sum + l.total, 0),
      done: this.done,
    };
  }
}
