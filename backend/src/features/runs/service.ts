// Running a control: load it, POST its params and scope to its Node-RED HTTP-in endpoint, store the
// answer as one computation row, stamp controls.last_run_at. Used by POST /controls/:id/run and by
// the in-process scheduler (scheduler.ts).
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { HttpError, notFound } from '../../http/errors.js';
import { periodStart, type Period } from '../controls/periods.js';
import { NodeRedError, type NodeRedClient } from '../nodered/client.js';

export interface ControlRow {
  id: number;
  name: string;
  period: Period;
  endpoint: string | null;
  params: Record<string, unknown>;
  status: 'draft' | 'finalized';
  start_date: Date | null;
  end_date: Date | null;
  last_run_at: Date | null;
}

export interface RunResult {
  value: boolean;
  computationId: string;
  computationGroup: string;
  controlId: number;
  scope: Record<string, unknown>;
  evidences: unknown[];
  period: { from: string; to: string };
}

const evidence = z.record(z.string(), z.unknown());
/**
 * What a control flow answers: `{ value, evidences }`; value may be left out when evidences carry
 * `result`. The STATUS "control result" node also sends back the `scope` it computed for: accepted
 * and not stored — the computation keeps the scope the backend asked for, so a flow cannot file its
 * result under another scope.
 */
const flowAnswer = z.object({
  value: z.boolean().optional(),
  evidences: z.array(evidence).default([]),
  scope: z.unknown().optional(),
});

export const CONTROL_COLUMNS =
  'id, name, period, endpoint, params, status, start_date, end_date, last_run_at';

/**
 * A run's result: the computation row and the control's last run, in one round trip (a run's
 * latency is mostly these). $1 control, $2 group, $3 value, $4 scope, $5 evidences, $6–$7 period.
 */
export const RECORD_RUN_SQL = `WITH stamp AS (UPDATE controls SET last_run_at = $7 WHERE id = $1)
  INSERT INTO computations (control_id, computation_group, value, scope, evidences, period_from, period_to)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`;

export async function loadControl(db: pg.Pool, id: number): Promise<ControlRow> {
  const r = await db.query<ControlRow>(`SELECT ${CONTROL_COLUMNS} FROM controls WHERE id = $1`, [id]);
  const row = r.rows[0];
  if (!row) throw notFound('Control not found');
  return row;
}

/** The Node-RED endpoint of a control: the column, else `params.endpoint` (the original's place). */
export function controlEndpoint(c: Pick<ControlRow, 'endpoint' | 'params'>): string | undefined {
  if (c.endpoint) return c.endpoint;
  const p = c.params?.endpoint;
  return typeof p === 'string' && p ? p : undefined;
}

/** One run of a control: the computation group it files under, the scope and the window. */
export interface Run {
  controlId: number;
  computationGroup: string;
  scope: Record<string, unknown>;
  from: Date;
  to: Date;
}

/** The run of `control` for the period that ends `now`. */
export const startRun = (
  control: Pick<ControlRow, 'id' | 'period'>,
  scope: Record<string, unknown>,
  now: Date,
): Run => ({
  controlId: control.id,
  computationGroup: randomUUID(),
  scope,
  from: periodStart(now, control.period),
  to: now,
});

/** What the control's flow is sent: the control's params (but its endpoint), then the run. */
export function flowPayload(params: Record<string, unknown> | null, run: Run) {
  const { endpoint: _e, ...rest } = params ?? {};
  void _e;
  const { controlId, computationGroup, scope } = run;
  return {
    ...rest,
    controlId,
    computationGroup,
    scope,
    from: run.from.toISOString(),
    to: run.to.toISOString(),
  };
}

/** The parameters of RECORD_RUN_SQL for the run's answer. */
export const recordRunValues = (run: Run, value: boolean, evidences: unknown[]): unknown[] => [
  run.controlId,
  run.computationGroup,
  value,
  JSON.stringify(run.scope),
  JSON.stringify(evidences),
  run.from,
  run.to,
];

/** The answer to a run, once its computation is stored. */
export const runResult = (
  run: Run,
  value: boolean,
  evidences: unknown[],
  computationId: string,
): RunResult => ({
  value,
  computationId,
  computationGroup: run.computationGroup,
  controlId: run.controlId,
  scope: run.scope,
  evidences,
  period: { from: run.from.toISOString(), to: run.to.toISOString() },
});

export interface RunOptions {
  scope?: Record<string, unknown>;
  /** The instant the period ends (defaults to the clock). */
  now: Date;
  /** Forwarded to Node-RED as `x-access-token` so a flow may call back (as the original). */
  accessToken?: string;
}

export async function runControl(
  db: pg.Pool,
  nodeRed: NodeRedClient,
  control: ControlRow,
  opts: RunOptions,
): Promise<RunResult> {
  const endpoint = controlEndpoint(control);
  if (!endpoint)
    throw new HttpError(400, `Control ${control.id} ("${control.name}") has no Node-RED endpoint`);
  const run = startRun(control, opts.scope ?? {}, opts.now);
  let answer: unknown;
  try {
    answer = await nodeRed.callEndpoint(
      endpoint,
      flowPayload(control.params, run),
      opts.accessToken ? { 'x-access-token': opts.accessToken } : {},
    );
  } catch (err) {
    if (err instanceof NodeRedError)
      throw Object.assign(
        new HttpError(
          502,
          `Running control ${control.id} ("${control.name}") failed: Node-RED endpoint ${safeEndpoint(endpoint)}: ${err.message}`,
        ),
        { cause: err }, // the scheduler tells "Node-RED not there yet" from "the flow failed"
      );
    throw err;
  }
  const parsed = flowAnswer.safeParse(answer);
  let value: boolean | undefined;
  if (parsed.success) {
    value = parsed.data.value;
    if (value === undefined && parsed.data.evidences.length)
      value = parsed.data.evidences.every((e) => e.result === true);
  }
  if (!parsed.success || value === undefined)
    throw new HttpError(
      502,
      `Running control ${control.id} ("${control.name}") failed: Node-RED endpoint ${safeEndpoint(endpoint)} answered without a boolean "value" (expected { value, evidences })`,
    );
  const evidences = parsed.data.evidences;
  const ins = await db.query<{ id: string }>(RECORD_RUN_SQL, recordRunValues(run, value, evidences));
  return runResult(run, value, evidences, ins.rows[0]!.id);
}

function safeEndpoint(endpoint: string): string {
  try {
    return endpoint.startsWith('/api/v1/') ? endpoint : `/api/v1/${endpoint.replace(/^\/+/, '')}`;
  } catch {
    return endpoint;
  }
}
