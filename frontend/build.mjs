// Placeholder build: copies public/ to dist/. The React app replaces this; the image keeps its shape.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Not import.meta.dirname: that needs Node.js 20.11, and the image may build on Debian's Node.js 18.
const root = fileURLToPath(new URL('.', import.meta.url)).replace(/\/$/, '');
rmSync(`${root}/dist`, { recursive: true, force: true });
mkdirSync(`${root}/dist`, { recursive: true });
cpSync(`${root}/public`, `${root}/dist`, { recursive: true });
console.log('frontend built into dist/');
