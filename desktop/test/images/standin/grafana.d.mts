// Types of grafana.mjs for the TypeScript tests that serve it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface GrafanaApiOptions {
  adminUser: string;
  adminPassword: string;
  dashboardsDir: string;
  statePath?: string;
}

export function createGrafanaApi(
  options: GrafanaApiOptions,
): (req: IncomingMessage, res: ServerResponse, body: string) => boolean;
