// One lint config for every workspace.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import desktopRules from './eslint/desktop-rules.js';
import frontendRules from './eslint/frontend-rules.js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Import rules: no import circles (type-only imports included: a type circle still ties the
  // files together for every reader and every refactoring).
  {
    files: ['backend/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // TypeScript files are modules to import-x (by default it reads .js only, and no-cycle would
      // see no dependency at all).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'backend/tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // Plain JavaScript runs on Node.js (build scripts, the placeholder servers, bin shims).
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  // React in the browser: the web app and the desktop shell's renderer.
  {
    files: ['frontend/src/**/*.{ts,tsx}', 'desktop/src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Scripts the browser loads as they are (the runtime config the container rewrites).
  { files: ['frontend/public/**/*.js'], languageOptions: { globals: globals.browser } },
  // Node-RED loads its settings file as CommonJS.
  {
    files: ['stack/node-red/settings.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  ...frontendRules,
  ...desktopRules,
);
