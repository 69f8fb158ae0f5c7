// Placeholder build: copies public/ to dist/. The React app replaces this; the image keeps its shape.
import { cpSync, mkdirSync, rmSync } from 'node:fs';
const root = import.meta.dirname;
rmSync(`${root}/dist`, { recursive: true, force: true });
mkdirSync(`${root}/dist`, { recursive: true });
cpSync(`${root}/public`, `${root}/dist`, { recursive: true });
console.log('frontend built into dist/');
