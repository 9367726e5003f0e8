import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../../test/dialects.js';
import { citizen, creditCodeFor, institutionApplication, officialApplication, staffUser, tokenWithScopes } from '../../../../test/factories.js';
import { type Party, fastOrgan, operatorOf } from '../../../../test/gov-cast.js';
import { type TestServer, type UploadFile, testServer } from '../../../../test/http.js';
import { fixedClock } from '../../../app/clock.js';
import { EVIDENCE_LIMITS } from '../../../domain/limits.js';
import { sweepUnattachedEvidence } from '../../../verification/evidence.js';

/** A small scan: a grey picture of the given format. */
async function scan(format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png'): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 200, b: 200 } } })
    .toFormat(format)
    .toBuffer();
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** The path and query of a URL (absolute, or a path already), for inject. */
const pathOf = (url: string) => {
  const u = new URL(url, 'http://localhost');
  return u.pathname + u.search;
};

describe.each(DIALECTS)('verification evidence files (%s)', (dialect) => {
  let s: TestServer;
  let reviewer: Party;

  beforeAll(async () => {
    s = await testServer(dialect);
    reviewer = await staffUser(s, 'reviewer');
  });
  afterAll(async () => {
    await s?.close();
  });

  const upload = (token: string | undefined, file: UploadFile) => s.call('POST', '/api/v1/gov/verifications/evidence', { ...(token ? { token } : {}), multipart: { file } });
  const fetchFile = (token: string | undefined, url: string) => s.call('GET', pathOf(url), token ? { token } : {});

  /** Uploads the files as `user` and expects each to be taken; returns their JSON. */
  async function uploaded(user: Party, files: UploadFile[]) {
    const out = [];
    for (const f of files) {
      const res = await upload(user.token, f);
      expect(res.status, res.body).toBe(200);
      out.push(res.json);
    }
    return out;
  }

  /** A citizen's pending application carrying a PNG scan and a PDF. */
  async function applicationWithEvidence(overrides: Record<string, unknown> = {}) {
    const user = await citizen(s);
    const files = await uploaded(user, [
      { data: await scan('png'), name: '公函.png', type: 'image/png' },
      { data: PDF, name: '证书.pdf', type: 'application/pdf' },
    ]);
    const res = await s.call('POST', '/api/v1/gov/verifications', {
      token: user.token,
      body: institutionApplication({ credit_code: creditCodeFor('110000'), evidence_file_ids: files.map((f) => f.id), ...overrides }),
    });
    expect(res.status, res.body).toBe(201);
    return { user, application: res.json, files };
  }

  describe('refusals', () => {
    it('answers 401 without a token: upload, own file, application file', async () => {
      const { application, files } = await applicationWithEvidence();
      expect((await upload(undefined, { data: PDF, name: 'a.pdf' })).status).toBe(401);
      expect((await fetchFile(undefined, files[0].url)).status).toBe(401);
      const res = await fetchFile(undefined, application.evidence_files[0].url);
      expect(res.status).toBe(401);
      expect(res.json.code).toBe('token_required');
    });

    it('answers 404 to a citizen, another applicant, the organ an official names and its operator, and a reviewer without the admin scope', async () => {
      const organ = await fastOrgan(s, reviewer.token, { organ_name: '长沙市岳麓区人民政府', organ: 'government', public_security: false, level: 'county', region_code: '430104', verification: '岳麓区人民政府官方微博' });
      const staff = await citizen(s);
      const operator = await operatorOf(s, organ, staff);
      const official = await citizen(s);
      const [file] = await uploaded(official, [{ data: await scan('jpeg'), name: '任职文件.jpg', type: 'image/jpeg' }]);
      const applied = await s.call('POST', '/api/v1/gov/verifications', { token: official.token, body: officialApplication({ organ_account_id: organ.id, evidence_file_ids: [file.id] }) });
      expect(applied.status, applied.body).toBe(201);
      const url = applied.json.evidence_files[0].url as string;
      const other = await applicationWithEvidence();
      const plainReviewer = await tokenWithScopes(s, reviewer.id, ['read', 'write']);
      for (const [who, token] of [
        ['citizen', (await citizen(s)).token],
        ['another applicant', other.user.token],
        ['the organ named', organ.token],
        ['its operator', operator],
        ['the operator as themself', staff.token],
        ['a reviewer without admin:read', plainReviewer],
      ] as const) {
        const res = await fetchFile(token, url);
        expect(res.status, who).toBe(404);
        expect(res.json.code, who).toBe('not_found');
        // Nor through the uploader's own route.
        expect((await fetchFile(token, file.url)).status, who).toBe(404);
      }
      // A file id the application does not carry, and an application id that is not there, read alike.
      expect((await fetchFile(official.token, `/api/v1/gov/verifications/${applied.json.id}/evidence/${other.files[0].id}`)).status).toBe(404);
      expect((await fetchFile(reviewer.token, `/api/v1/gov/verifications/999999/evidence/${file.id}`)).status).toBe(404);
      expect((await fetchFile(reviewer.token, `/api/v1/gov/verifications/x/evidence/y`)).status).toBe(404);
      // The organ asked to vouch sees the application but not its files.
      const asked = await s.call('GET', `/api/v1/gov/accounts/${organ.id}/vouch_requests`, { token: organ.token });
      expect(asked.status).toBe(200);
      const seen = asked.json.find((a: { id: string }) => a.id === applied.json.id);
      expect(seen.evidence_files).toEqual([]);
      // The public account JSON and directory carry no evidence.
      expect(JSON.stringify((await s.call('GET', `/api/v1/accounts/${official.id}`)).json)).not.toContain('evidence');
    });

    it('answers 422 evidence_type to an SVG, an HTML file named .pdf, a GIF and polyglots, whatever the client says they are', async () => {
      const user = await citizen(s);
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
      const htmlThenPdf = Buffer.concat([Buffer.from('<html><script>alert(1)</script></html>\n'), PDF]);
      const jpegHeaderHtml = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);
      for (const [what, file] of [
        ['svg', { data: svg, name: 'seal.svg', type: 'image/svg+xml' }],
        ['svg named png', { data: svg, name: 'seal.png', type: 'image/png' }],
        ['html named pdf', { data: html, name: 'letter.pdf', type: 'application/pdf' }],
        ['html then pdf', { data: htmlThenPdf, name: 'letter.pdf', type: 'application/pdf' }],
        ['gif', { data: await scan('gif'), name: 'a.gif', type: 'image/gif' }],
      ] as const) {
        const res = await upload(user.token, file);
        expect(res.status, what).toBe(422);
        expect(res.json.details.file[0].reason, what).toBe('evidence_type');
      }
      // JPEG's signature on what is not a JPEG: the image pipeline refuses it.
      const fake = await upload(user.token, { data: jpegHeaderHtml, name: 'scan.jpg', type: 'image/jpeg' });
      expect(fake.status).toBe(422);
      expect(fake.json.details.file[0].error).toBe('ERR_INVALID');
      // A PDF cut short.
      const cut = await upload(user.token, { data: PDF.subarray(0, 40), name: 'cut.pdf', type: 'application/pdf' });
      expect(cut.status).toBe(422);
      expect(cut.json.details.file[0].reason).toBe('evidence_pdf');
      const empty = await upload(user.token, { data: Buffer.alloc(0), name: 'empty.pdf' });
      expect(empty.status).toBe(422);
    });

    it('answers 422 evidence_too_large to a file over the limit', async () => {
      const user = await citizen(s);
      const big = Buffer.concat([PDF.subarray(0, PDF.length - 6), Buffer.alloc(EVIDENCE_LIMITS.fileBytesMax), Buffer.from('%%EOF\n')]);
      const res = await upload(user.token, { data: big, name: 'big.pdf', type: 'application/pdf' });
      expect(res.status).toBe(422);
      expect(res.json.details.file[0]).toMatchObject({ error: 'ERR_TOO_LARGE', reason: 'evidence_too_large', params: { count: 10 } });
    });

    it('answers 422 to too many files, a file named twice, and another account’s file', async () => {
      const user = await citizen(s);
      const files = await uploaded(user, Array.from({ length: EVIDENCE_LIMITS.filesMax + 1 }, (_, i) => ({ data: PDF, name: `f${i}.pdf` })));
      const ids = files.map((f) => f.id);
      const apply = (token: string, evidence_file_ids: string[]) =>
        s.call('POST', '/api/v1/gov/verifications', { token, body: institutionApplication({ credit_code: creditCodeFor('110000'), evidence_file_ids }) });
      const many = await apply(user.token, ids);
      expect(many.status).toBe(422);
      expect(many.json.details.evidence_file_ids[0]).toMatchObject({ error: 'ERR_TOO_MANY', reason: 'evidence_too_many', params: { count: 5 } });
      const twice = await apply(user.token, [ids[0], ids[0]]);
      expect(twice.status).toBe(422);
      expect(twice.json.details.evidence_file_ids[0].error).toBe('ERR_INVALID');
      const thief = await citizen(s);
      const stolen = await apply(thief.token, [ids[0]]);
      expect(stolen.status).toBe(422);
      expect(stolen.json.details.evidence_file_ids[0].reason).toBe('evidence_unknown');
      const missing = await apply(user.token, ['987654321']);
      expect(missing.json.details.evidence_file_ids[0].reason).toBe('evidence_unknown');
      // Nothing was filed by the refusals: the applicant may still apply.
      expect((await apply(user.token, ids.slice(0, 5))).status).toBe(201);
    });
  });

  it('answers 422 evidence_too_many to an upload past the unattached limit; a sweep removes those no application took after a day', async () => {
    const clock = fixedClock('2031-01-01T08:00:00Z');
    const real = s.ctx.clock;
    s.ctx.clock = clock;
    try {
      const user = await citizen(s);
      const files = await uploaded(user, Array.from({ length: EVIDENCE_LIMITS.unattachedMax }, (_, i) => ({ data: PDF, name: `p${i}.pdf` })));
      const over = await upload(user.token, { data: PDF, name: 'one-more.pdf' });
      expect(over.status).toBe(422);
      expect(over.json.details.file[0]).toMatchObject({ error: 'ERR_TOO_MANY', reason: 'evidence_too_many' });
      const applied = await s.call('POST', '/api/v1/gov/verifications', { token: user.token, body: institutionApplication({ credit_code: creditCodeFor('110000'), evidence_file_ids: [files[0].id] }) });
      expect(applied.status).toBe(201);
      clock.advance((EVIDENCE_LIMITS.unattachedHours + 1) * 3_600_000);
      expect(await sweepUnattachedEvidence(s.ctx, 3)).toBeGreaterThanOrEqual(EVIDENCE_LIMITS.unattachedMax - 1);
      expect((await fetchFile(user.token, files[1].url)).status).toBe(404);
      // The file the application carries stays, for the applicant and the reviewers.
      expect((await fetchFile(user.token, applied.json.evidence_files[0].url)).status).toBe(200);
      expect((await fetchFile(reviewer.token, applied.json.evidence_files[0].url)).status).toBe(200);
    } finally {
      s.ctx.clock = real;
    }
  });

  describe('reading', () => {
    it('presents the files to the applicant and serves them to the applicant and a reviewer, typed by their bytes', async () => {
      const { user, application, files } = await applicationWithEvidence();
      expect(files[0]).toMatchObject({ filename: '公函.png', content_type: 'image/png' });
      expect(application.evidence_files).toEqual([
        { id: files[0].id, filename: '公函.png', content_type: 'image/png', size: files[0].size, url: `${s.ctx.config.publicUrl}/api/v1/gov/verifications/${application.id}/evidence/${files[0].id}` },
        { id: files[1].id, filename: '证书.pdf', content_type: 'application/pdf', size: PDF.length, url: `${s.ctx.config.publicUrl}/api/v1/gov/verifications/${application.id}/evidence/${files[1].id}` },
      ]);
      for (const token of [user.token, reviewer.token]) {
        const png = await fetchFile(token, application.evidence_files[0].url);
        expect(png.status).toBe(200);
        expect(png.headers['content-type']).toBe('image/png');
        expect(png.headers['x-content-type-options']).toBe('nosniff');
        expect(png.headers['cache-control']).toBe('private, no-store');
        expect(String(png.headers['content-security-policy'])).toContain('sandbox');
        const pdf = await fetchFile(token, application.evidence_files[1].url);
        expect(pdf.status).toBe(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect(String(pdf.headers['content-disposition'])).toMatch(/^attachment; filename="__\.pdf"; filename\*=UTF-8''%E8%AF%81%E4%B9%A6\.pdf$/);
        expect(pdf.headers['x-content-type-options']).toBe('nosniff');
      }
      // The reviewer's queue and the applicant's own list show them; the uploader reads a file back by its own route.
      const queue = await s.call('GET', '/api/v1/gov/verifications?state=pending&limit=80', { token: reviewer.token });
      expect(queue.json.find((a: { id: string }) => a.id === application.id).evidence_files).toHaveLength(2);
      const own = await s.call('GET', '/api/v1/gov/verifications', { token: user.token });
      expect(own.json[0].evidence_files).toHaveLength(2);
      const back = await fetchFile(user.token, files[1].url);
      expect(back.status).toBe(200);
      expect(back.headers['content-type']).toBe('application/pdf');
      expect(back.body).toBe(PDF.toString('latin1'));
    });

    it('re-encodes images, so that what a polyglot carried past the picture is not served', async () => {
      const user = await citizen(s);
      const png = await scan('png');
      const polyglot = Buffer.concat([png, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
      const [file] = await uploaded(user, [{ data: polyglot, name: '../../etc/passwd<script>.html', type: 'text/html' }]);
      expect(file.content_type).toBe('image/png');
      // The name is display text: no path, no markup characters, the type's own extension.
      expect(file.filename).toBe('passwdscript.html.png');
      const res = await s.app.inject({ method: 'GET', url: pathOf(file.url), headers: { authorization: `Bearer ${user.token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.rawPayload.includes(Buffer.from('<script>'))).toBe(false);
      expect((await sharp(res.rawPayload).metadata()).format).toBe('png');
    });

    it('keeps access right across a rejection and a re-application that reuses a file and adds one', async () => {
      const { user, application, files } = await applicationWithEvidence();
      const rejected = await s.call('POST', `/api/v1/gov/verifications/${application.id}/reject`, { token: reviewer.token, body: { reason: '公函不清晰' } });
      expect(rejected.status).toBe(200);
      expect(rejected.json.evidence_files).toHaveLength(2);
      // The rejected application's files stay readable by the applicant and the reviewers.
      expect((await fetchFile(user.token, application.evidence_files[0].url)).status).toBe(200);
      expect((await fetchFile(reviewer.token, application.evidence_files[0].url)).status).toBe(200);
      const [clearer] = await uploaded(user, [{ data: await scan('webp'), name: '公函（清晰）.webp', type: 'image/webp' }]);
      const again = await s.call('POST', '/api/v1/gov/verifications', {
        token: user.token,
        body: institutionApplication({ credit_code: creditCodeFor('110000'), evidence_file_ids: [clearer.id, files[1].id] }),
      });
      expect(again.status, again.body).toBe(201);
      expect(again.json.evidence_files.map((f: { id: string }) => f.id)).toEqual([clearer.id, files[1].id]);
      for (const f of again.json.evidence_files) {
        expect((await fetchFile(user.token, f.url)).status).toBe(200);
        expect((await fetchFile(reviewer.token, f.url)).status).toBe(200);
        expect((await fetchFile((await citizen(s)).token, f.url)).status).toBe(404);
      }
      // The file left out is not on the new application.
      expect((await fetchFile(reviewer.token, `/api/v1/gov/verifications/${again.json.id}/evidence/${files[0].id}`)).status).toBe(404);
      // An approval keeps them for the reviewers' record.
      const approved = await s.call('POST', `/api/v1/gov/verifications/${again.json.id}/approve`, { token: reviewer.token, body: {} });
      expect(approved.status).toBe(200);
      expect((await fetchFile(reviewer.token, again.json.evidence_files[0].url)).status).toBe(200);
    });
  });
});
