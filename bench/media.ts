/**
 * Media (issue 12): how long one uploaded image takes to process, and how
 * many uploads a second the HTTP API takes.
 *
 * 1. Processing (src/media/process-image.ts, what every upload runs): a
 *    4000×3000 JPEG, oriented, shrunk to 3840×2160 worth of pixels, stripped,
 *    its 640×360 thumbnail and blurhash made, on one core (libvips held to one
 *    thread with sharp.concurrency(1)). Two inputs: a photo-like picture
 *    (smooth areas and edges, ~1 MB as a camera writes it) and the worst case
 *    for a JPEG codec (noise in every pixel, ~9 MB). Goal: < 300 ms.
 * 2. Uploads per second: POST /api/v2/media with multipart bodies, as apps
 *    send them, against a provider listening on loopback (SQLite, the folder
 *    store, production settings), from a sequential loop (one upload at a
 *    time, each waiting for its answer) and from 2 concurrent loops, for a
 *    phone photo (1600×1200) and the 4000×3000 photo. A loop of fetch calls,
 *    not wrk: each request carries a file, and the client's cost is small
 *    beside the server's.
 *
 *   npx tsx bench/media.ts [--runs 9] [--seconds 8]
 */
import { rmSync } from 'node:fs';
import sharp from 'sharp';
import { buildApp } from '../src/http/app.js';
import { processAttachment } from '../src/media/process-image.js';
import { signUpWithoutPassword } from './media-account.js';
import { benchDatabase, numberOption } from './bench-db.js';

const RUNS = numberOption('runs', 9);
const SECONDS = numberOption('seconds', 8);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** A photo-like picture: a few hundred random colours blended smoothly across the frame, with fine grain. */
async function photo(width: number, height: number): Promise<Buffer> {
  const seed = Buffer.alloc(48 * 36 * 3);
  for (let i = 0; i < seed.length; i++) seed[i] = (i * 2654435761) >>> 24;
  const smooth = await sharp(seed, { raw: { width: 48, height: 36, channels: 3 } }).resize(width, height, { kernel: 'cubic' }).raw().toBuffer();
  for (let i = 0; i < smooth.length; i += 7) smooth[i] = Math.min(255, (smooth[i] as number) + ((i >> 3) % 9));
  return sharp(smooth, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

/** Noise in every pixel: the most work a JPEG decoder and encoder can be given at that size. */
async function noise(width: number, height: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = 2463534242;
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x & 255;
  }
  return sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toBuffer();
}

async function timeProcessing(input: Buffer): Promise<{ median_ms: number; min_ms: number; max_ms: number; input_bytes: number; output_bytes: number; output: string }> {
  await processAttachment(input); // warm-up
  const times: number[] = [];
  let out: Awaited<ReturnType<typeof processAttachment>> | null = null;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    out = await processAttachment(input);
    times.push(performance.now() - t);
  }
  const r = out as NonNullable<typeof out>;
  return { median_ms: Math.round(median(times)), min_ms: Math.round(Math.min(...times)), max_ms: Math.round(Math.max(...times)), input_bytes: input.length, output_bytes: r.original.data.length + r.small.data.length, output: `${r.original.width}x${r.original.height} + ${r.small.width}x${r.small.height}` };
}

async function uploadsPerSecond(url: string, token: string, file: Buffer, concurrency: number): Promise<{ uploads_per_s: number; uploads: number; p50_ms: number; errors: number }> {
  const until = performance.now() + SECONDS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  const loop = async () => {
    while (performance.now() < until) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), 'photo.jpg');
      form.append('description', '新闻发布会现场');
      const t = performance.now();
      const res = await fetch(`${url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      await res.arrayBuffer();
      if (res.status === 200) latencies.push(performance.now() - t);
      else errors += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = (performance.now() - started) / 1000;
  return { uploads_per_s: Math.round((latencies.length / elapsed) * 10) / 10, uploads: latencies.length, p50_ms: Math.round(median(latencies)), errors };
}

async function main() {
  sharp.concurrency(1);
  const big = await photo(4000, 3000);
  const worst = await noise(4000, 3000);
  const phone = await photo(1600, 1200);
  const processing = { photo_4000x3000: await timeProcessing(big), noise_4000x3000: await timeProcessing(worst), phone_1600x1200: await timeProcessing(phone) };

  // The server as in production: libvips may use both cores again.
  sharp.concurrency(0);
  const db = await benchDatabase('sqlite', 'media');
  const ctx = await db.open();
  const app = await buildApp({ ...ctx, config: { ...ctx.config, mediaSizeLimit: 16 * 1024 * 1024 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const token = await signUpWithoutPassword(ctx);
  const http = {
    phone_sequential: await uploadsPerSecond(url, token, phone, 1),
    phone_2_concurrent: await uploadsPerSecond(url, token, phone, 2),
    photo_4000x3000_sequential: await uploadsPerSecond(url, token, big, 1),
  };
  await app.close();
  await ctx.close();
  await db.drop();
  rmSync(ctx.config.mediaDir, { recursive: true, force: true });
  console.log(JSON.stringify({ bench: 'media', goal_ms: 300, processing_one_core: processing, http_uploads: http, client: 'fetch loop (sequential, and 2 concurrent loops)' }));
}

await main();
