// The "Getting started" catalog: created once, on the first start of a platform, so a new user sees
// computed controls (and a dashboard) within a minute of the first Start. Its controls call the
// starter flows that Node-RED receives on its first start (stack/node-red/starter-flows.json,
// httpNodeRoot /api/v1). The seed is recorded in platform_seeds in the same transaction as the
// catalog: deleting the catalog does not bring it back, and of two backends starting at once exactly
// one creates it (the other's INSERT … ON CONFLICT waits for the winner's commit, then does nothing).
// No Governify registry call: the catalog gets its tpa id like POST /catalogs does (the agreement is
// written to the registry later, when points are asked for).
import type pg from 'pg';
import type { Logger } from 'pino';
import { inTransaction, rollback, type Rollback } from '../../db/transaction.js';
import { newTpaId } from './repository.js';

export const GETTING_STARTED_SEED = 'getting-started-catalog';

export interface SampleControl {
  name: string;
  description: string;
  endpoint: string;
  /** What the flow receives (besides controlId, computationGroup, scope, from, to). */
  params: Record<string, unknown>;
}

export const GETTING_STARTED_CATALOG = {
  name: 'Getting started',
  description:
    'Sample controls that run on their own every hour, so you can see how STATUS works: each control ' +
    'calls a Node-RED flow (the Node-RED tabs "Getting started: …"), stores its result and evidences, and ' +
    'shows them here and in the Grafana dashboards of the STATUS folder. Open a control to run it now ' +
    'or change its parameters; delete this catalog when you no longer need it (it is not recreated).',
};

export const GETTING_STARTED_CONTROLS: readonly SampleControl[] = [
  {
    name: 'Every platform service is healthy',
    description:
      'Passes when PostgreSQL, Redis, Node-RED, Grafana and the registry all answer the backend ' +
      '(GET /api/v1/health/platform); each service is one evidence. Works offline, nothing to configure.',
    endpoint: 'getting-started/platform-health',
    params: {},
  },
  {
    name: 'URL answers 2xx within 2 seconds',
    description:
      'Passes when the URL in params.url answers with a 2xx status within params.maxMs milliseconds; ' +
      'the evidence records the status and the time taken. It checks the STATUS API itself at first ' +
      '(up whenever the scheduler runs, so the first result is meaningful): edit the control and set ' +
      'params.url to a site you care about (and params.maxMs to your limit).',
    endpoint: 'getting-started/url-check',
    params: { url: 'http://status-backend:3001/api/v1/health', maxMs: 2000 },
  },
  {
    name: 'Merged pull requests had an approving review',
    description:
      'Passes when every pull request merged in the period in a GitHub repository had at least one ' +
      'approving review; each pull request is one evidence. Until you edit the control and set ' +
      'params.repository (owner/name, e.g. octocat/hello-world) it reports "no repository ' +
      'configured". Private repositories or higher rate limits need a GitHub token in the flow ' +
      '(Node-RED credentials).',
    endpoint: 'getting-started/github-pr-reviews',
    params: { repository: '' },
  },
];

/**
 * Params as the API keeps them: the flow's own params, plus `endpoint` (the flow path, mirrored in
 * controls.endpoint) and `threshold`, which the API requires of every finalized control so that a
 * user editing a sample control is not refused. runControl sends everything but `endpoint`.
 */
export function storedParams(c: SampleControl): Record<string, unknown> {
  return { ...c.params, endpoint: c.endpoint, threshold: 100 };
}

export type SeedOutcome = { created: true; catalogId: number } | { created: false };

/**
 * Creates the Getting started catalog unless it was seeded before. `now` is the application clock
 * (not PostgreSQL's), so the scheduler, which compares start dates with the same clock, finds the
 * controls due at once.
 */
export async function seedGettingStartedCatalog(
  db: pg.Pool,
  opts: { now?: Date; logger?: Logger } = {},
): Promise<SeedOutcome> {
  const now = opts.now ?? new Date();
  const outcome = await inTransaction(db, async (client): Promise<SeedOutcome | Rollback<SeedOutcome>> => {
    const claim = await client.query(
      'INSERT INTO platform_seeds (name) VALUES ($1) ON CONFLICT (name) DO NOTHING',
      [GETTING_STARTED_SEED],
    );
    if (claim.rowCount !== 1) return rollback({ created: false });
    // A finalized catalog keeps an end date (the API refuses to drop it): one year from now.
    const end = new Date(now.getTime());
    end.setUTCFullYear(end.getUTCFullYear() + 1);
    const cat = await client.query<{ id: number }>(
      `INSERT INTO catalogs (name, description, start_date, end_date, tpa_id, status)
       VALUES ($1, $2, $3, $4, $5, 'finalized') RETURNING id`,
      [GETTING_STARTED_CATALOG.name, GETTING_STARTED_CATALOG.description, now, end, newTpaId()],
    );
    const catalogId = cat.rows[0]!.id;
    for (const c of GETTING_STARTED_CONTROLS)
      await client.query(
        `INSERT INTO controls (catalog_id, name, description, period, start_date, endpoint, mashup_id,
           params, status)
         VALUES ($1, $2, $3, 'HOURLY', $4, $5, '', $6, 'finalized')`,
        [catalogId, c.name, c.description, now, c.endpoint, JSON.stringify(storedParams(c))],
      );
    await client.query('UPDATE platform_seeds SET details = $2 WHERE name = $1', [
      GETTING_STARTED_SEED,
      JSON.stringify({ catalogId }),
    ]);
    return { created: true, catalogId };
  });
  if (outcome.created)
    opts.logger?.info(
      { catalogId: outcome.catalogId },
      'created the "Getting started" catalog (first start)',
    );
  return outcome;
}
