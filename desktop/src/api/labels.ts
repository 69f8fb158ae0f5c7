// The words STATUS Desktop uses for a service's state and for the phases of a task, in English.
// The console (renderer/i18n/en.ts, the reference language its translations follow) and the command
// line both take them from here, so `status-desktop ps` says "Not created" where the Overview does.
// Data only, and only type imports: the renderer imports this file.
import type { ServicePhase } from '../engine/progress.js';
import type { OverallState, ServiceState } from '../engine/status/model.js';

/** A service's state; `crashed` and `degraded` are the console's readings of an exited or failing one. */
export const STATE_WORDS = {
  missing: 'Not created',
  created: 'Created',
  starting: 'Starting',
  running: 'Running',
  healthy: 'Healthy',
  unhealthy: 'Unhealthy',
  restarting: 'Restarting',
  paused: 'Paused',
  exited: 'Stopped',
  dead: 'Dead',
  removing: 'Removing',
  crashed: 'Crashed',
  degraded: 'Degraded',
} satisfies Record<ServiceState | 'crashed' | 'degraded', string>;

/** The platform as a whole. */
export const OVERALL_WORDS = {
  stopped: 'Stopped',
  starting: 'Starting',
  running: 'Running',
  degraded: 'Degraded',
  partial: 'Partly running',
  unknown: 'Unknown',
} satisfies Record<OverallState | 'unknown', string>;

/** A service's step in a task (start, stop, down…). */
export const PHASE_WORDS = {
  pulling: 'Downloading',
  building: 'Building',
  'image-ready': 'Image ready',
  creating: 'Creating',
  recreating: 'Recreating',
  'up-to-date': 'Up to date',
  waiting: 'Waiting',
  starting: 'Starting',
  started: 'Started',
  healthy: 'Healthy',
  completed: 'Completed',
  failed: 'Failed',
  degraded: 'Degraded',
  stopping: 'Stopping',
  stopped: 'Stopped',
  removing: 'Removing',
  removed: 'Removed',
  skipped: 'Skipped',
} satisfies Record<ServicePhase, string>;

/**
 * What to show next to a phase's word: its message without the phase said again ("stopping" →
 * "", "removing container (data volumes are kept)" → "container (data volumes are kept)",
 * "container removed" → "").
 */
export function phaseDetail(phase: ServicePhase, message: string): string {
  const words = new Set([phase, PHASE_WORDS[phase].toLowerCase()]);
  const rest = message
    .trim()
    .split(/\s+/)
    .filter((word) => !words.has(word.toLowerCase()))
    .join(' ');
  return rest === '' || rest.toLowerCase() === 'container' ? '' : rest;
}
