// vitest globalSetup: a production build of the app to serve (rebuilt only when stale).
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.js';

export default function setup(): void {
  const result = ensureBuilt(fileURLToPath(new URL('..', import.meta.url)));
  if (result === 'built') process.stdout.write('e2e: built the frontend (dist/ was missing or stale)\n');
}
