// The types the console uses, all from the api contract (engine types only through it).
export type * from '../api/contract.js';
export type { PortStatus, ServiceState, HealthState } from '../engine/status/model.js';
export type { ServicePhase } from '../engine/progress.js';
export type { PullSummary, LayerProgress } from '../engine/images/pull-progress.js';
export type { PortName } from '../engine/settings/settings.js';
