// `status-desktop images save [FILE]` and `images load FILE`: the platform's images in one file
// for a computer without internet (see launcher/image-bundles.ts).
import { formatBytes, type Printer } from './progress-printer.js';
import type { Terminal } from './backup.js';
import { defaultBundleFile, loadStackImages, saveStackImages } from '../launcher/image-bundles.js';
import type { Stack } from '../launcher/stack.js';

const count = (n: number) => `${n} image${n === 1 ? '' : 's'}`;

export async function imagesCommand(
  stack: Stack,
  args: string[],
  term: Terminal,
  printer: Printer,
  signal: AbortSignal,
): Promise<number> {
  const [action, file] = args;
  if (action === 'save') {
    const to = file ?? defaultBundleFile(stack.project.name);
    const manifest = await saveStackImages(stack, to, { onProgress: printer, signal });
    term.out(
      `\nImages saved: ${to} (${formatBytes(manifest.payload.size)}, ${count(manifest.images.length)}).`,
    );
    term.out(
      'Copy it to the computer without internet and run `status-desktop images load FILE` there (or Settings → Images → Load images from a file).',
    );
    return 0;
  }
  if (action === 'load' && file) {
    const { loaded } = await loadStackImages(stack, file, { onProgress: printer, signal });
    term.out(`\nLoaded ${count(loaded.length)}:`);
    for (const ref of loaded) term.out(`  ${ref}`);
    term.out('`status-desktop up` starts STATUS with them; nothing needs downloading.');
    return 0;
  }
  term.err(
    'Usage: status-desktop images save [FILE]   (every image STATUS runs, into one file)\n' +
      '       status-desktop images load FILE     (on a computer without internet)',
  );
  return 2;
}
