// Builds the pictures the README and the walkthrough show from the screenshots `node test/e2e/run.mjs` takes in a
// real VS Code (test-artifacts/e2e/): the walkthrough's step pictures (media/walkthrough/) and the README's animated
// capture (docs/images/animated-capture.png, an animated PNG assembled here: no image tool needed). Run by hand after
// the end-to-end run: `node scripts/make-capture.mjs`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PNG chunks of a file: [{ type, data }]. */
function chunks(png) {
  if (png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  const out = [];
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    out.push({ type: png.subarray(at + 4, at + 8).toString('latin1'), data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
  }
  return out;
}

const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n, 0);
  return b;
};

/** An animated PNG whose frames are the given PNGs (same IHDR), each shown `delayMs`, looping. */
function apng(pngs, delayMs) {
  const parsed = pngs.map(chunks);
  const ihdr = parsed[0].find((c) => c.type === 'IHDR').data;
  for (const p of parsed) {
    if (!p.find((c) => c.type === 'IHDR').data.equals(ihdr)) throw new Error('frames differ in size or colour type');
    if (p.some((c) => c.type === 'PLTE')) throw new Error('palette PNGs are not supported');
  }
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  let seq = 0;
  const fctl = () => {
    const d = Buffer.alloc(26);
    d.writeUInt32BE(seq++, 0);
    d.writeUInt32BE(width, 4);
    d.writeUInt32BE(height, 8);
    d.writeUInt32BE(0, 12);
    d.writeUInt32BE(0, 16);
    d.writeUInt16BE(delayMs, 20);
    d.writeUInt16BE(1000, 22);
    d[24] = 0; // dispose: none
    d[25] = 0; // blend: source
    return chunk('fcTL', d);
  };
  const acTL = Buffer.concat([u32(pngs.length), u32(0)]);
  const out = [Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('acTL', acTL)];
  parsed.forEach((p, i) => {
    out.push(fctl());
    for (const c of p.filter((x) => x.type === 'IDAT')) out.push(i === 0 ? chunk('IDAT', c.data) : chunk('fdAT', Buffer.concat([u32(seq++), c.data])));
  });
  out.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(out);
}

const shots = 'test-artifacts/e2e';
const steps = [
  ['ui-en-open.png', 'media/walkthrough/open-configs.png'],
  ['ui-en.png', 'media/walkthrough/read-finding.png'],
  ['ui-en-fix.png', 'media/walkthrough/apply-fix.png'],
  ['ui-en-report.png', 'media/walkthrough/test-connection.png'],
];
mkdirSync('media/walkthrough', { recursive: true });
for (const [from, to] of steps) copyFileSync(join(shots, from), to);

// The capture: open the configs → the Problems view → the quick fix menu → the probe's report → the walkthrough.
const frames = ['ui-en-open.png', 'ui-en.png', 'ui-en-fix.png', 'ui-en-report.png', 'ui-en-walkthrough.png'].map((f) => readFileSync(join(shots, f)));
writeFileSync('docs/images/animated-capture.png', apng(frames, 1800));
