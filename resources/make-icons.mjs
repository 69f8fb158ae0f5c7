// Draws the app icon and the tray images as PNGs with nothing but Node (zlib for the encoder):
//   resources/icon.png              512×512 app icon (electron-builder makes .icns/.ico from it)
//   resources/icons/<N>x<N>.png     Linux icon set (16 … 512)
//   resources/tray/<state>.png      16×16 tray image per overall state, and <state>@2x.png (32×32)
// Usage: node resources/make-icons.mjs   (the images are committed; run again after changing a shape)
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- PNG encoder (8-bit RGBA, no interlace) ----------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** rgba: Uint8Array of width*height*4, straight (not premultiplied) alpha. */
export function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- A tiny rasteriser: shapes as signed distances in unit coordinates, 4×4 supersampling ------

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

function render(size, layers) {
  const out = new Uint8Array(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          // Composite the layers bottom to top ("over"), premultiplied.
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (layer.shape(x, y) > 0) continue;
            const [lr, lg, lb] = layer.color(x, y);
            const la = layer.alpha ?? 1;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      const samples = n * n;
      out[i + 3] = Math.round((a / samples) * 255);
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
    }
  }
  return out;
}

const circle = (cx, cy, radius) => (x, y) => Math.hypot(x - cx, y - cy) - radius;
const ring = (cx, cy, radius, width) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - radius) - width / 2;
function roundedSquare(margin, radius) {
  return (x, y) => {
    const qx = Math.abs(x - 0.5) - (0.5 - margin - radius);
    const qy = Math.abs(y - 0.5) - (0.5 - margin - radius);
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
  };
}
function segment(ax, ay, bx, by, width) {
  return (x, y) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) - width / 2;
  };
}
const union =
  (...shapes) =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));
const solid = (h) => () => hex(h);

// ---- The app icon: a check mark in a ring on a blue tile ---------------------------------------

function appIcon(size) {
  const top = hex('#2f81f7');
  const bottom = hex('#0b3d91');
  const gradient = (_x, y) => top.map((c, i) => c + (bottom[i] - c) * y);
  const check = union(segment(0.36, 0.52, 0.46, 0.62, 0.07), segment(0.46, 0.62, 0.65, 0.4, 0.07));
  return render(size, [
    { shape: roundedSquare(0.04, 0.2), color: gradient },
    { shape: ring(0.5, 0.51, 0.27, 0.06), color: solid('#ffffff') },
    { shape: check, color: solid('#ffffff') },
  ]);
}

// ---- Tray images: one per overall state, readable without colour too --------------------------

const TRAY = {
  // hollow: nothing runs
  stopped: [{ shape: ring(0.5, 0.5, 0.36, 0.16), color: solid('#8b949e') }],
  // ring with a dot: on its way
  starting: [
    { shape: ring(0.5, 0.5, 0.36, 0.16), color: solid('#d29922') },
    { shape: circle(0.5, 0.5, 0.14), color: solid('#d29922') },
  ],
  // full: everything up
  running: [{ shape: circle(0.5, 0.5, 0.44), color: solid('#2da44e') }],
  // full with a gap: some services up
  partial: [
    { shape: circle(0.5, 0.5, 0.44), color: solid('#d29922') },
    { shape: (x, y) => Math.max(circle(0.5, 0.5, 0.22)(x, y), 0.5 - x), color: solid('#ffffff') },
  ],
  // full with an exclamation mark: something fails
  degraded: [
    { shape: circle(0.5, 0.5, 0.44), color: solid('#cf222e') },
    { shape: segment(0.5, 0.26, 0.5, 0.56, 0.13), color: solid('#ffffff') },
    { shape: circle(0.5, 0.73, 0.075), color: solid('#ffffff') },
  ],
};

async function write(path, size, rgba) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, encodePng(size, size, rgba));
}

await write(join(here, 'icon.png'), 512, appIcon(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  await write(join(here, 'icons', `${size}x${size}.png`), size, appIcon(size));
}
for (const [state, layers] of Object.entries(TRAY)) {
  await write(join(here, 'tray', `${state}.png`), 16, render(16, layers));
  await write(join(here, 'tray', `${state}@2x.png`), 32, render(32, layers));
}
console.log('wrote resources/icon.png, resources/icons/*.png and resources/tray/*.png');
