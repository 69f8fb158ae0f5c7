// What the engine's pull progress lines mean, and a summary a UI can draw (one bar per layer and
// one for the image). A Docker Engine pull streams, per layer (id = the first 12 hex digits of the
// compressed digest, always with a `progressDetail`, often empty):
//   Pulling fs layer → Waiting → Downloading {current,total} → Verifying Checksum → Download complete
//   → Extracting {current,total} → Pull complete          (or just "Already exists")
// and image-level lines: "Pulling from <repo>" (id = the tag or digest asked for), then
// "Digest: sha256:…" and "Status: Downloaded newer image for …" / "Status: Image is up to date for …"
// without an id.
import type { ProgressEvent } from '../progress.js';

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

export interface LayerProgress {
  id: string;
  /** Last status the engine gave for this layer ("Downloading", "Pull complete"...). */
  status: string;
  /** Compressed bytes downloaded so far. */
  current: number;
  /** Compressed size; 0 until the download starts (the engine learns it then). */
  total: number;
  /** Downloaded and extracted, or already present. */
  done: boolean;
}

export interface PullSummary {
  /** In the order the engine first named them (base layer first). */
  layers: LayerProgress[];
  /** Sums over the layers whose size is known. */
  current: number;
  total: number;
  /** The engine reported the image complete ("Status: …"). */
  done: boolean;
}

type PullEvent = Extract<ProgressEvent, { type: 'pull' }>;

const DOWNLOADED = new Set(['Verifying Checksum', 'Download complete', 'Extracting', 'Pull complete']);
const DONE = new Set(['Pull complete', 'Already exists']);

/**
 * Folds `pull` progress events (of one image; other events are ignored) into per-layer and total
 * download progress. Pure: call it again with the longer list as events arrive.
 */
export function summarizePull(events: readonly ProgressEvent[]): PullSummary {
  const layers = new Map<string, LayerProgress>();
  let done = false;
  for (const event of events) {
    if (event.type !== 'pull') continue;
    if (!event.layer) {
      if (event.status.startsWith('Status: ')) done = true;
      continue;
    }
    let layer = layers.get(event.layer);
    if (!layer)
      layers.set(event.layer, (layer = { id: event.layer, status: '', current: 0, total: 0, done: false }));
    applyLayerEvent(layer, event);
  }
  const list = [...layers.values()];
  return {
    layers: list,
    current: list.reduce((sum, l) => sum + l.current, 0),
    total: list.reduce((sum, l) => sum + l.total, 0),
    done,
  };
}

function applyLayerEvent(layer: LayerProgress, event: PullEvent): void {
  layer.status = event.status;
  // Extracting reports the compressed bytes read against the same compressed total.
  if (event.total && event.total > 0) layer.total = event.total;
  if (event.status === 'Downloading' && event.current !== undefined)
    layer.current = Math.min(event.current, layer.total || event.current);
  else if (DOWNLOADED.has(event.status)) layer.current = layer.total;
  if (DONE.has(event.status)) layer.done = true;
}
