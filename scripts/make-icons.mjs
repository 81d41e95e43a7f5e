// Draws the provider app's icons (public/icons/icon-192.png, icon-512.png): a solid brand square
// with a white won sign (₩: a W crossed by two bars), kept inside the central 80 % circle so the
// same file works as a maskable icon. Only node:zlib; run `node scripts/make-icons.mjs` after a change.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BRAND = [0x0b, 0x4a, 0x8b];
const WHITE = [0xff, 0xff, 0xff];
const STROKE = 0.075; // stroke width as a fraction of the icon
const W_POINTS = [
  [0.22, 0.27],
  [0.355, 0.73],
  [0.5, 0.38],
  [0.645, 0.73],
  [0.78, 0.27],
];
const BARS = [
  [
    [0.17, 0.45],
    [0.83, 0.45],
  ],
  [
    [0.17, 0.57],
    [0.83, 0.57],
  ],
];
const SEGMENTS = [...W_POINTS.slice(1).map((p, i) => [W_POINTS[i], p]), ...BARS];

function distanceToSegment(x, y, [[ax, ay], [bx, by]]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function inMark(x, y) {
  return SEGMENTS.some((segment) => distanceToSegment(x, y, segment) <= STROKE / 2);
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function png(size) {
  const SS = 4; // 4×4 supersampling for smooth edges
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let py = 0; py < size; py++) {
    const row = py * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          if (inMark((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size)) hits++;
        }
      }
      const a = hits / (SS * SS);
      for (let c = 0; c < 3; c++) raw[row + 1 + px * 3 + c] = Math.round(BRAND[c] * (1 - a) + WHITE[c] * a);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(dir, { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(`${dir}icon-${size}.png`, png(size));
  console.log(`public/icons/icon-${size}.png`);
}
