import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizen } from '../../test/factories.js';
import { type TestServer, testServer } from '../../test/http.js';
import { photoJpeg } from '../../test/images.js';
import { folderStore, s3Store } from './store.js';

interface Recorded {
  method: string;
  path: string;
  contentType: string | undefined;
  authorization: string;
  bytes: number;
}

/** A stand-in for an S3-compatible server on loopback: answers as S3 does and records each request. */
async function fakeS3(): Promise<{ url: string; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'], authorization: String(req.headers.authorization ?? ''), bytes: Buffer.concat(chunks).length });
      if (req.method === 'PUT') res.writeHead(200, { etag: '"0"' }).end();
      else if (req.method === 'DELETE') res.writeHead(204).end();
      else res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const KEY = '0123456789abcdef0123456789abcdef.jpg';

describe('the folder store', () => {
  it('writes, reads and deletes files by key, and refuses what is not a key', async () => {
    const root = await mkdtemp(join(tmpdir(), 'govblog-store-'));
    const dir = join(root, 'media');
    const store = folderStore(dir, 'https://weibo.example');
    await store.put(KEY, Buffer.from('jpeg bytes'), 'image/jpeg');
    expect((await store.read?.(KEY))?.toString()).toBe('jpeg bytes');
    expect(store.url(KEY)).toBe(`https://weibo.example/system/media/${KEY}`);
    await expect(store.put('../escape.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow();
    expect(await store.read?.('../../etc/passwd')).toBeNull();
    await store.delete([KEY, 'ffffffffffffffffffffffffffffffff.png']);
    expect(await readdir(dir)).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });
});

describe('the S3-compatible store, against a local endpoint', () => {
  let s3: Awaited<ReturnType<typeof fakeS3>>;
  let s: TestServer;
  beforeAll(async () => {
    s3 = await fakeS3();
    const bucket = { endpoint: s3.url, bucket: 'govblog-media', region: 'cn-north-1', accessKeyId: 'AKIDTEST', secretAccessKey: 'secret', publicUrl: 'https://cdn.weibo.example/media' };
    s = await testServer('sqlite', { mediaStore: 's3', s3: bucket });
  });
  afterAll(async () => {
    await s?.close();
    await s3?.close();
  });

  it('signs a path-style PUT per file and a DELETE per file', async () => {
    const store = s3Store({ endpoint: s3.url, bucket: 'b', region: 'us-east-1', accessKeyId: 'AKID', secretAccessKey: 'x', publicUrl: 'https://cdn.example' });
    s3.requests.length = 0;
    await store.put(KEY, Buffer.from('abc'), 'image/jpeg');
    await store.delete([KEY]);
    expect(s3.requests.map((r) => [r.method, r.path.split('?')[0], r.contentType ?? null])).toEqual([
      ['PUT', `/b/${KEY}`, 'image/jpeg'],
      ['DELETE', `/b/${KEY}`, null],
    ]);
    for (const r of s3.requests) expect(r.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\//);
    expect(store.url(KEY)).toBe(`https://cdn.example/${KEY}`);
  });

  it('takes uploads through the API into the bucket, with URLs at its public address, and deletes them there', async () => {
    const alice = await citizen(s);
    s3.requests.length = 0;
    const up = await s.call('POST', '/api/v2/media', { token: alice.token, multipart: { file: { data: await photoJpeg(), name: 'a.jpg', type: 'image/jpeg' } } });
    expect(up.status, up.body).toBe(200);
    expect(up.json.url).toMatch(/^https:\/\/cdn\.weibo\.example\/media\/[0-9a-f]{32}\.jpg$/);
    const puts = s3.requests.filter((r) => r.method === 'PUT').map((r) => r.path.split('?')[0]);
    expect(puts.sort()).toEqual([new URL(up.json.url).pathname.replace('/media/', '/govblog-media/'), new URL(up.json.preview_url).pathname.replace('/media/', '/govblog-media/')].sort());
    expect(s3.requests.every((r) => r.method !== 'PUT' || r.bytes > 0)).toBe(true);
    // The provider does not serve a bucket's files itself.
    expect((await s.call('GET', `/system/media/${new URL(up.json.url).pathname.split('/').pop()}`)).status).toBe(404);
    expect((await s.call('DELETE', `/api/v1/media/${up.json.id}`, { token: alice.token })).status).toBe(200);
    await expect.poll(() => s3.requests.filter((r) => r.method === 'DELETE').length).toBe(2);
  });
});
