// One lint config for every workspace.
import js from '@eslint/js';
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
  // Plain JavaScript runs on Node.js (build scripts, the placeholder servers, bin shims).
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  // Node-RED loads its settings file as CommonJS.
  {
    files: ['stack/node-red/settings.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
);
