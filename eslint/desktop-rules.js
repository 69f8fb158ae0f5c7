// Import rules of the desktop app (desktop/src): the rooms of ARCHITECTURE.md, enforced.
//
// The rooms of desktop/src and what each may not import:
// - engine/: Docker, Compose, status, settings. Imports no other room (api, launcher, main,
//   preload, renderer, server, cli) and no UI or shell package (electron, react, zustand…).
// - api/: the contract between any UI and the launcher. Its browser side (contract.ts, errors.ts,
//   labels.ts, ipc.ts, ws-protocol.ts, client/) is bundled into the console and the preload: it
//   takes engine types only (`import type`) and no Node built-in, Docker or Electron code. Its
//   launcher side (dispatch.ts, schemas.ts, to-api-error.ts, ipc-main.ts) may use the engine.
//   No part of api/ imports the launcher, the shell, the console, the server or the CLI.
// - launcher/: the use cases (start, stop, pull, logs, setup…) over the engine. Imports no
//   electron and no transport (main, preload, server, cli) or console (renderer).
// - main/, server/, cli.ts + cli/: the transports that call the launcher (Electron, HTTP +
//   WebSocket, the command line). Not each other, except `serve` (cli) starting the server and
//   main using the preload's protocol; only main imports electron; none imports the console code.
// - preload/: exposes the contract to the console over IPC. No engine, launcher, server, CLI or
//   console code.
// - renderer/: the console. Imports its own files and the browser side of api/ (contract.ts,
//   errors.ts, labels.ts, client/) only: no engine, launcher, main, preload, server or CLI, no Node
//   built-in (`node:*` or bare `fs`, `path`…), no dockerode, no electron.
// And no import circles anywhere in desktop/src (type-only imports included, as in the backend).
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = 'desktop/src';
const at = (...rooms) => rooms.map((room) => `${src}/${room}`);

/** The browser side of api/: bundled into the console and the preload. */
export const API_BROWSER_SIDE = [
  'contract.ts',
  'errors.ts',
  'labels.ts',
  'ipc.ts',
  'ws-protocol.ts',
  'client',
];
const CLI = ['cli.ts', 'cli'];
const TRANSPORTS = ['main', 'preload', 'server', ...CLI];

/** Room-to-room rules (import-x/no-restricted-paths: resolved paths, type imports included). */
const zones = [
  {
    target: at('engine'),
    from: at('api', 'launcher', 'renderer', ...TRANSPORTS),
    message: 'The engine imports no other room: the launcher and the transports call it, not the reverse.',
  },
  {
    target: at('api'),
    from: at('launcher', 'renderer', ...TRANSPORTS),
    message: 'api/ is the contract: it imports no launcher, transport or console code.',
  },
  {
    target: at('launcher'),
    from: at('renderer', ...TRANSPORTS),
    message: 'The launcher knows no transport (main, preload, server, cli) and no console code.',
  },
  {
    target: at('main'),
    from: at('renderer', 'server', ...CLI),
    message: 'The Electron shell calls the launcher; it imports no console, server or CLI code.',
  },
  {
    target: at('server'),
    from: at('renderer', 'main', 'preload', ...CLI),
    message: 'The server calls the launcher; it imports no console, Electron shell or CLI code.',
  },
  {
    target: at(...CLI),
    from: at('renderer', 'main', 'preload'),
    message: 'The CLI calls the launcher; it imports no console or Electron shell code.',
  },
  {
    target: at('preload'),
    from: at('engine', 'launcher', 'renderer', 'server', ...CLI),
    message: 'The preload exposes the contract over IPC: no engine, launcher, server, CLI or console code.',
  },
  {
    target: at('renderer'),
    from: at('engine', 'launcher', 'main', 'preload', 'server', ...CLI),
    message:
      'The console talks to the launcher through the contract only: take types from api/contract.ts and facts from LauncherApi.',
  },
  {
    target: at('renderer'),
    from: at('api'),
    except: API_BROWSER_SIDE.filter((file) => file !== 'ipc.ts' && file !== 'ws-protocol.ts').map(
      (f) => `./${f}`,
    ),
    message:
      'The console imports only the browser side of api/ (contract.ts, errors.ts, labels.ts, client/): the rest runs in the launcher.',
  },
];

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

/** Options of @typescript-eslint/no-restricted-imports forbidding these packages (and their subpaths). */
function noPackages(packages, message) {
  return { group: packages.flatMap((name) => [name, `${name}/*`]), message };
}
const noNodeBuiltins = (message) => ({
  group: ['node:*', ...NODE_BUILTINS.flatMap((n) => [n, `${n}/*`])],
  message,
});

/** Package rules per room (specifiers: node built-ins and npm packages have no path in the repo). */
const packageRules = [
  {
    files: [`${src}/engine/**/*.ts`],
    patterns: [
      noPackages(
        ['electron', 'react', 'react-dom', 'zustand', 'ws'],
        'The engine runs anywhere Node.js does: no Electron, no UI, no transport package.',
      ),
    ],
  },
  {
    files: [`${src}/launcher/**/*.ts`, `${src}/server/**/*.ts`, ...CLI.map((f) => `${src}/${f}{,/**/*.ts}`)],
    patterns: [
      noPackages(['electron', 'react', 'react-dom', 'zustand'], 'Only main/ and preload/ use Electron.'),
    ],
  },
  {
    files: API_BROWSER_SIDE.map((f) => `${src}/api/${f}${f.endsWith('.ts') ? '' : '/**/*.ts'}`),
    patterns: [
      {
        group: ['**/engine', '**/engine/**'],
        allowTypeImports: true,
        message:
          'The browser side of api/ takes engine types only (`import type`): the console and the preload bundle it.',
      },
      noNodeBuiltins('The browser side of api/ runs in the console and the preload: no Node built-ins.'),
      noPackages(
        ['dockerode', 'ssh2', 'electron'],
        'The browser side of api/ runs in the console: no Docker or Electron.',
      ),
    ],
  },
  {
    files: [`${src}/renderer/**/*.{ts,tsx}`],
    patterns: [
      noNodeBuiltins(
        'The console runs in a browser: no Node built-ins; ask the launcher through LauncherApi.',
      ),
      noPackages(
        ['dockerode', 'ssh2', 'electron'],
        'The console runs in a browser: no Docker or Electron; ask the launcher through LauncherApi.',
      ),
    ],
  },
];

export default [
  {
    files: [`${src}/**/*.{ts,tsx}`],
    plugins: { 'import-x': importX },
    settings: {
      // TypeScript files are modules to import-x (its default extensions are .js only: without this,
      // no-cycle reads no dependency and never fires).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        // Two projects: the console (src/renderer) has its own, with the DOM and the bundler's resolution.
        createTypeScriptImportResolver({
          project: [
            path.join(repoRoot, 'desktop/tsconfig.json'),
            path.join(repoRoot, 'desktop/src/renderer/tsconfig.json'),
          ],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: repoRoot, zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  ...packageRules.map(({ files, patterns }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  })),
];
