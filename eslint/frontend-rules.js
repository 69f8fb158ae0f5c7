// Import rules of the web app (frontend/src): see ARCHITECTURE.md.
//
// The rooms of frontend/src:
// - app/: the shell (layout, navigation, the route table, error pages). It composes the features and
//   may import anything.
// - features/<name>/: one feature each. A feature imports only the shared rooms and itself: never
//   app/, never a sibling feature. What it needs from the shell (the session, the guards, routing)
//   comes through the shared rooms or through props.
// - shared: components/ (UI kit, guards, the app mark), lib/ (session, hooks, formatting, pure domain
//   logic used by several features), api/ (the HTTP client), i18n/, config/, styles/ and test/
//   (test-only helpers). Shared code imports no feature and no app/.
// - main.tsx: the entry point (imports app/).
// And no import circles anywhere in frontend/src (type-only imports included, as in the backend).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = 'frontend/src';

/** The shared rooms: every feature may import them; they import no feature and no app/. */
export const SHARED = ['components', 'lib', 'api', 'i18n', 'config', 'styles', 'test'];

/** Every feature directory, read from disk so that a new feature is covered the day it lands. */
const features = readdirSync(path.join(repoRoot, src, 'features'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const zones = [
  {
    target: `${src}/features`,
    from: `${src}/app`,
    message:
      'A feature does not import app/: take the session, guards and routing from the shared rooms or props.',
  },
  ...features.map((name) => ({
    target: `${src}/features/${name}`,
    from: `${src}/features`,
    except: [`./${name}`],
    message: `A feature does not import a sibling feature: move what both need into a shared room (components/, lib/, api/) or let one feature own both.`,
  })),
  ...SHARED.map((room) => ({
    target: `${src}/${room}`,
    from: [`${src}/features`, `${src}/app`],
    message: `Shared code (${room}/) imports no feature and no app/.`,
  })),
];

export default [
  {
    files: ['frontend/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // TypeScript files are modules to import-x (its default extensions are .js only: without this,
      // no-cycle reads no dependency and never fires).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: path.join(repoRoot, 'frontend/tsconfig.json') }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: repoRoot, zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // Test helpers (test/: fake backends, render helpers) are for tests only: the image's build does
  // not even copy them (frontend/.dockerignore). The zones above still apply: the rule's options are
  // replaced, not merged, so they are repeated here.
  {
    files: ['frontend/src/**/*.{ts,tsx}'],
    ignores: ['frontend/src/**/*.test.{ts,tsx}', 'frontend/src/test/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: repoRoot,
          zones: [
            ...zones,
            {
              target: src,
              from: `${src}/test`,
              message: 'Production code does not import the test-only helpers of test/.',
            },
          ],
        },
      ],
    },
  },
];
