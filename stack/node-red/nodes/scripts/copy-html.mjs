// Copies the editor files (src/nodes/*.html) next to the compiled runtime files: Node-RED loads a
// node's editor from the .html file with the same name as its .js file.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const from = join(root, 'src', 'nodes');
const to = join(root, 'dist', 'nodes');
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from))
  if (file.endsWith('.html')) copyFileSync(join(from, file), join(to, file));
