// Draws the app's PNG icons (public/icon-*.png) from the same shapes as public/icon.svg:
// a blue rounded square, a white ring and a check mark. Pixel coverage is supersampled 4×4
// and the PNG written with zlib, so no image library is needed. Run after changing the design:
//   node apps/web/scripts/make-icons.mjs
import fs from 'node:fs';
import zlib from 'node:zlib';

const BLUE = [37, 99, 235];
const WHITE = [255, 255, 255];

/** Shapes on a 0..1 square; `maskable` keeps everything inside the 80% safe zone, full bleed. */
function colourAt(x, y, maskable) {
  const inset = maskable ? 0 : 0.04;
  const r = maskable ? 0 : 0.2;
  const inSquare = (() => {
    const lo = inset,
      hi = 1 - inset;
    if (x < lo || x > hi || y < lo || y > hi) return false;
    const cx = Math.min(Math.max(x, lo + r), hi - r),
      cy = Math.min(Math.max(y, lo + r), hi - r);
    return Math.hypot(x - cx, y - cy) <= r;
  })();
  if (!inSquare) return null;
  const scale = maskable ? 0.78 : 1;
  const u = (x - 0.5) / scale + 0.5,
    v = (y - 0.5) / scale + 0.5;
  const d = Math.hypot(u - 0.5, v - 0.5);
  if (d >= 0.27 && d <= 0.34) return WHITE;
  // The check mark: two thick segments.
  const seg = (ax, ay, bx, by) => {
    const t = Math.max(
      0,
      Math.min(1, ((u - ax) * (bx - ax) + (v - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
    );
    return Math.hypot(u - (ax + t * (bx - ax)), v - (ay + t * (by - ay)));
  };
  if (Math.min(seg(0.38, 0.51, 0.47, 0.6), seg(0.47, 0.6, 0.64, 0.41)) <= 0.035) return WHITE;
  return BLUE;
}

function png(size, maskable) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const S = 4;
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let rr = 0,
        gg = 0,
        bb = 0,
        aa = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = colourAt((px + (sx + 0.5) / S) / size, (py + (sy + 0.5) / S) / size, maskable);
          if (!c) continue;
          rr += c[0];
          gg += c[1];
          bb += c[2];
          aa += 1;
        }
      }
      const o = py * (size * 4 + 1) + 1 + px * 4;
      raw[o] = aa ? Math.round(rr / aa) : 0;
      raw[o + 1] = aa ? Math.round(gg / aa) : 0;
      raw[o + 2] = aa ? Math.round(bb / aa) : 0;
      raw[o + 3] = Math.round((255 * aa) / (S * S));
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  fs.writeFileSync(new URL(name, out), png(size, maskable));
  console.error(`wrote public/${name}`);
}
