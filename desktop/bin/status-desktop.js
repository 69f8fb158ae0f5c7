#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so the repository works without a build step.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
