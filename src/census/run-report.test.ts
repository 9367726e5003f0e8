import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseCutoff, type Cutoff } from './cutoff.js';
import { RANKING_WEIGHTS } from './ranking.js';
import { renderJson } from './report/json.js';
import { ReportInputError, makeReport } from './run-report.js';
import { BAD_LINES, generatePopulation } from './testing/population.js';

const dir = mkdtempSync(join(tmpdir(), 'govblog-report-'));
const cut = (d: string): Cutoff => parseCutoff(d)!;
function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}
function errors() {
  const lines: string[] = [];
  return { lines, err: (l: string) => lines.push(l) };
}

const inst = (organ: string, ps: boolean, level: string, province: string | null) => ({ government: true, kind: 'institutional', organ, public_security: ps, level, rank: null, province });
const indiv = (level: string, rank: string, province: string | null) => ({ government: true, kind: 'individual', organ: 'government', public_security: false, level, rank, province });
const rec = (provider: string, id: string, p: Record<string, unknown>) =>
  JSON.stringify({ provider, id, handle: `h${id}`, name: `账号${id}`, verified: true, verification: null, created_at: '2011-05-01T00:00:00Z', closed_at: null, followers: 10, posts: 5, labels: null, ...p });

describe('census report: a small census by hand', () => {
  const a = file('a.jsonl', [
    rec('weibo.example', '1', { labels: inst('government', true, 'county', '37') }),
    rec('weibo.example', '2', { labels: indiv('provincial', 'ministerial', '11') }),
    rec('t.qq.example', '1', { name: '平安西安', verification: '西安市公安局官方微博' }),
    rec('weibo.example', '3', { created_at: '2012-12-21T00:00:00Z', labels: inst('court', false, 'county', '11') }),
    rec('weibo.example', '4', { closed_at: '2012-06-01T00:00:00Z', labels: inst('court', false, 'county', '11') }),
    rec('weibo.example', '5', { closed_at: '2013-01-01T00:00:00Z', labels: inst('government', false, 'national', null) }),
    rec('weibo.example', '6', { verified: false, labels: inst('court', false, 'county', '11') }),
    rec('weibo.example', '7', { labels: { government: false, kind: null, organ: null, public_security: false, level: null, rank: null, province: null } }),
    'not json',
    '',
    rec('weibo.example', '8', { followers: -1 }),
  ]);
  const b = file('b.jsonl', [
    rec('weibo.example', '1', { closed_at: '2012-12-01T00:00:00Z', labels: inst('government', true, 'county', '37') }),
    rec('weibo.example', '2', { labels: indiv('prefectural', 'bureau', '41') }),
    rec('weibo.example', '9', { created_at: '2012-12-21T07:59:59+08:00', labels: indiv('county', 'staff', '32') }),
  ]);
  const p = file('p.jsonl', [
    rec('weibo.example', '1', { labels: inst('government', true, 'county', '37') }),
    rec('weibo.example', '2', { created_at: '2011-01-01T00:00:00Z', labels: indiv('provincial', 'ministerial', '11') }),
    rec('weibo.example', '3', { created_at: '2011-12-11T00:00:00Z', labels: inst('court', false, 'county', '11') }),
  ]);

  it('counts at the cut-off, last occurrence winning, with growth and every rejected line', async () => {
    const io = errors();
    const r = await makeReport({ inputs: [a, b], cutoff: cut('2012-12-20'), previous: [p], previousCutoff: cut('2011-12-10') }, io);
    expect(r.cutoff).toBe('2012-12-20');
    expect(r.total).toBe(4);
    expect(r.previous).toEqual({ cutoff: '2011-12-10', total: 2, institutional: 1, individual: 1, public_security: 1 });
    expect(r.growth).toEqual({
      ratio: 2,
      increase: 1,
      net_new: 2,
      institutional: { ratio: 2, increase: 1, net_new: 1 },
      individual: { ratio: 2, increase: 1, net_new: 1 },
    });
    expect(r.institutional).toEqual({
      total: 2,
      public_security: 1,
      by_organ: { party: 0, legislature: 0, government: 2, political_advisory: 0, discipline: 0, court: 0, procuratorate: 0, public_institution: 0, mass_organization: 0 },
      by_level: { national: 1, provincial: 0, prefectural: 1, county: 0, township: 0 },
    });
    expect(r.individual).toEqual({
      total: 2,
      public_security: 0,
      grassroots: 1,
      provincial_ministerial_leaders: 0,
      by_organ: { party: 0, legislature: 0, government: 2, political_advisory: 0, discipline: 0, court: 0, procuratorate: 0, public_institution: 0, mass_organization: 0 },
      by_level: { national: 0, provincial: 0, prefectural: 1, county: 1, township: 0 },
      by_rank: { ministerial: 0, bureau: 1, division: 0, section: 0, staff: 1 },
    });
    expect(r.by_provider).toEqual({ 'weibo.example': { total: 3, institutional: 1, individual: 2 }, 't.qq.example': { total: 1, institutional: 1, individual: 0 } });
    expect(r.by_province['61']).toEqual({ total: 1, institutional: 1, individual: 0 });
    expect(r.by_province['41']).toEqual({ total: 1, institutional: 0, individual: 1 });
    expect(r.by_province['32']).toEqual({ total: 1, institutional: 0, individual: 1 });
    expect(r.by_province['37']).toEqual({ total: 0, institutional: 0, individual: 0 });
    expect(Object.keys(r.by_province)).toHaveLength(31);
    expect(Object.values(r.by_province).reduce((s, t) => s + t.total, 0)).toBe(3); // the national organ is in no province
    expect(r.accounts).toEqual({
      lines: 13,
      records: 11,
      distinct: 9,
      duplicates: 2,
      counted: 4,
      not_yet_opened: 1,
      closed: 2,
      unverified: 1,
      not_government: 1,
      classified: 1,
      uncertain: 0,
    });
    expect(r.incomplete).toEqual({ kind: 0, organ: 0, level: 0, rank: 0, province: 0 });
    expect(r.rejected.lines).toBe(2);
    expect(r.rejected.examples).toEqual([
      { input: a, line: 9, error: expect.stringMatching(/^json: not valid JSON/) },
      { input: a, line: 11, error: 'followers: expected an integer ≥ 0, got -1' },
    ]);
    expect(io.lines).toEqual([`${a}:9: ${r.rejected.examples[0]!.error}`, `${a}:11: followers: expected an integer ≥ 0, got -1`]);
    expect(r.inputs).toEqual([
      { input: a, role: 'current', lines: 10, records: 8, rejected: 2 },
      { input: b, role: 'current', lines: 3, records: 3, rejected: 0 },
      { input: p, role: 'previous', lines: 3, records: 3, rejected: 0 },
    ]);
    // Ranking: names read back from the last occurrences.
    expect(r.ranking.institutional.map((x) => [x.provider, x.id, x.name])).toEqual([
      ['t.qq.example', '1', '平安西安'],
      ['weibo.example', '5', '账号5'],
    ]);
    expect(r.ranking.individual.map((x) => x.id)).toEqual(['2', '9']);
    expect(r.ranking.individual[0]).toMatchObject({ place: 1, level: 'prefectural', province: '41', index: 100, reach: 1, activity: 1, service: null });
  });

  it('without --previous, previous and growth are null', async () => {
    const r = await makeReport({ inputs: [a, b], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20') }, errors());
    expect(r.previous).toBeNull();
    expect(r.growth).toBeNull();
    expect(r.total).toBe(4);
  });

  it('reads stdin and keeps the winners\' names in memory for it', async () => {
    const text = [rec('weibo.example', '1', { name: '上海发布', labels: inst('government', false, 'provincial', '31'), followers: 5_000_000 }), rec('weibo.example', '2', { labels: inst('court', false, 'county', '11') })].join('\n');
    const r = await makeReport({ inputs: ['-'], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20') }, { err: () => {}, stdin: Readable.from([Buffer.from(text)]) });
    expect(r.total).toBe(2);
    expect(r.ranking.institutional[0]).toMatchObject({ name: '上海发布', handle: 'h1', place: 1 });
    expect(r.inputs[0]).toMatchObject({ input: 'stdin', lines: 2 });
  });

  it('an unreadable input fails naming the file', async () => {
    await expect(makeReport({ inputs: [join(dir, 'missing.jsonl')], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20') }, errors())).rejects.toThrow(
      new ReportInputError(`cannot read ${join(dir, 'missing.jsonl')}: ENOENT: no such file or directory, open '${join(dir, 'missing.jsonl')}'`),
    );
    await expect(makeReport({ inputs: [dir], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20') }, errors())).rejects.toThrow(/cannot read .*EISDIR/);
  });
});

describe('census report: generated populations with known truth', () => {
  it.each([
    { seed: 1, accounts: 3000, inputs: 3 },
    { seed: 7, accounts: 500, inputs: 1 },
    { seed: 2013, accounts: 5000, inputs: 4, duplicateShare: 0.5 },
  ])('seed $seed: every figure exact', async (opts) => {
    const { inputs, truth } = generatePopulation(opts);
    const paths = inputs.map((lines, i) => file(`pop-${opts.seed}-${i}.jsonl`, lines));
    const io = errors();
    const r = await makeReport({ inputs: paths, cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20') }, io);

    expect(r.total).toBe(truth.total);
    expect(r.public_security).toBe(truth.public_security);
    for (const kind of ['institutional', 'individual'] as const) {
      expect(r[kind].total).toBe(truth[kind].total);
      expect(r[kind].public_security).toBe(truth[kind].public_security);
      expect(r[kind].by_organ).toEqual(truth[kind].by_organ);
      expect(r[kind].by_level).toEqual(truth[kind].by_level);
    }
    expect(r.individual.by_rank).toEqual(truth.individual.by_rank);
    expect(r.individual.grassroots).toBe(truth.individual.grassroots);
    expect(r.individual.provincial_ministerial_leaders).toBe(truth.individual.provincial_ministerial_leaders);
    expect(r.by_provider).toEqual(truth.by_provider);
    expect(r.by_province).toEqual(truth.by_province);
    expect(r.accounts).toEqual(truth.accounts);
    expect(r.total).toBe(r.institutional.total + r.individual.total);

    // Every rejected line, with its input, number and reason, in reading order.
    expect(r.rejected.lines).toBe(truth.rejected.length);
    const seen = io.lines.map((l) => {
      const m = /^(.*):(\d+): (.*)$/.exec(l)!;
      return { input: paths.indexOf(m[1]!), line: Number(m[2]), error: m[3]! };
    });
    expect(seen.map(({ input, line }) => ({ input, line }))).toEqual(truth.rejected.map(({ input, line }) => ({ input, line })));
    seen.forEach((s, i) => expect(s.error.startsWith(truth.rejected[i]!.error)).toBe(true));
    expect(r.rejected.examples).toEqual(io.lines.slice(0, 100).map((_, i) => ({ input: paths[seen[i]!.input], line: seen[i]!.line, error: seen[i]!.error })));
    expect(new Set(truth.rejected.map((x) => x.error)).size).toBe(new Set(BAD_LINES.map((b) => b.error)).size);

    // The ranking against a full sort of every counted account by the documented formula.
    for (const kind of ['institutional', 'individual'] as const) {
      const pool = truth.counted.filter((c) => c.kind === kind);
      const lf = Math.log1p(Math.max(0, ...pool.map((c) => c.followers)));
      const lp = Math.log1p(Math.max(0, ...pool.map((c) => c.posts)));
      const anyService = pool.some((c) => c.service !== null);
      const W = RANKING_WEIGHTS;
      const score = (c: (typeof pool)[number]) =>
        (100 * (W.reach * (Math.log1p(c.followers) / lf) + W.activity * (Math.log1p(c.posts) / lp) + (anyService ? W.service * (c.service ?? 0) : 0))) /
        (W.reach + W.activity + (anyService ? W.service : 0));
      const expected = pool
        .map((c) => ({ c, s: score(c) }))
        .sort((x, y) => y.s - x.s || (x.c.provider < y.c.provider ? -1 : x.c.provider > y.c.provider ? 1 : x.c.id.length - y.c.id.length || (x.c.id < y.c.id ? -1 : 1)))
        .slice(0, 100);
      expect(r.ranking[kind].map((a) => `${a.provider}/${a.id}/${a.name}`)).toEqual(expected.map((e) => `${e.c.provider}/${e.c.id}/${e.c.name}`));
      r.ranking[kind].forEach((a, i) => expect(a.index).toBeCloseTo(expected[i]!.s, 2));
      expect(r.ranking.service_weighed[kind]).toBe(anyService);
    }

    // Service quality: requests and answered requests summed over the counted accounts with statistics.
    const withStats = truth.counted.filter((c) => c.stats !== null);
    const sum = (cs: typeof withStats) => ({
      accounts: cs.length,
      requests: cs.reduce((s, c) => s + c.stats!.total, 0),
      answered: cs.reduce((s, c) => s + Math.round(c.stats!.total * c.stats!.response_rate), 0),
    });
    expect(r.service_quality.total).toMatchObject(sum(withStats));
    for (const code of Object.keys(r.by_province)) expect(r.service_quality.by_province[code]).toMatchObject(sum(withStats.filter((c) => c.province === code)));
    const q = r.service_quality.total;
    expect(q.response_rate).toBe(q.requests ? Math.round((q.answered / q.requests) * 10000) / 10000 : null);
    expect(r.trend).toEqual([{ cutoff: '2012-12-20', total: r.total, institutional: r.institutional.total, individual: r.individual.total }]);
  });
});

describe('census report: the trend over earlier censuses', () => {
  const now = file('trend-now.jsonl', [
    rec('weibo.example', '1', { created_at: '2009-06-01T00:00:00Z', labels: inst('government', true, 'county', '37') }),
    rec('weibo.example', '2', { created_at: '2010-06-01T00:00:00Z', labels: indiv('county', 'staff', '11') }),
    rec('weibo.example', '3', { created_at: '2011-06-01T00:00:00Z', labels: inst('court', false, 'county', '11') }),
    rec('weibo.example', '4', { created_at: '2012-06-01T00:00:00Z', labels: inst('court', false, 'county', '11') }),
  ]);
  const older = file('trend-2009.jsonl', [rec('t.qq.example', '1', { created_at: '2009-01-01T00:00:00Z', labels: inst('party', false, 'county', '11') }), 'broken']);

  it('counts each earlier census at its own cut-off and lists every date oldest first; previous and growth stay as they were', async () => {
    const io = errors();
    const r = await makeReport(
      {
        inputs: [now],
        cutoff: cut('2012-12-20'),
        previous: [now],
        previousCutoff: cut('2011-12-10'),
        earlier: [
          { cutoff: cut('2010-12-10'), inputs: [now] },
          { cutoff: cut('2009-12-10'), inputs: [now, older] },
        ],
      },
      io,
    );
    expect(r.trend).toEqual([
      { cutoff: '2009-12-10', total: 2, institutional: 2, individual: 0 },
      { cutoff: '2010-12-10', total: 2, institutional: 1, individual: 1 },
      { cutoff: '2011-12-10', total: 3, institutional: 2, individual: 1 },
      { cutoff: '2012-12-20', total: 4, institutional: 3, individual: 1 },
    ]);
    expect(r.previous).toEqual({ cutoff: '2011-12-10', total: 3, institutional: 2, individual: 1, public_security: 1 });
    expect(r.growth?.ratio).toBe(1.333);
    // An earlier census's bad lines are reported like any other; its inputs are listed last, with their cut-off.
    expect(io.lines).toEqual([`${older}:2: ${r.rejected.examples[0]!.error}`]);
    expect(r.inputs.map((i) => [i.role, i.cutoff ?? null])).toEqual([
      ['current', null],
      ['previous', null],
      ['earlier', '2010-12-10'],
      ['earlier', '2009-12-10'],
      ['earlier', '2009-12-10'],
    ]);
  });

  it('the single form is unchanged: the trend has the previous date and this one', async () => {
    const r = await makeReport({ inputs: [now], cutoff: cut('2012-12-20'), previous: [now], previousCutoff: cut('2011-12-10') }, errors());
    expect(r.trend.map((p) => p.cutoff)).toEqual(['2011-12-10', '2012-12-20']);
    expect(r.inputs.map((i) => i.role)).toEqual(['current', 'previous']);
  });
});

describe('census report on worker threads: the same report as on one thread', () => {
  // Duplicates across and within inputs, bad lines of every kind, unlabelled records (the classifier runs in the
  // workers), blank and CRLF lines, ids that stay strings, a BOM, service statistics and a line longer than a chunk.
  const { inputs } = generatePopulation({ seed: 16, accounts: 3000, inputs: 2, badLines: 60, duplicateShare: 0.3 });
  const extra = [
    rec('weibo.example', 'abc', { labels: inst('court', false, 'county', '11') }),
    rec('weibo.example', '0123', { name: '平安西安', verification: '西安市公安局官方微博' }),
    rec('weibo.example', '77', { service: { total: 40, response_rate: 0.75, median_hours_to_first_response: 5, average_rating: 4.5, ratings: 12 }, labels: inst('government', false, 'county', '37') }) + '\r',
    '   ',
    rec('weibo.example', '78', { verification: '某'.repeat(3000) }),
    rec('weibo.example', '77', { labels: inst('government', false, 'county', '37') }),
  ];
  const first = file('par-a.jsonl', ['\ufeff' + inputs[0]![0]!, ...inputs[0]!.slice(1, 1500), ...extra, ...inputs[0]!.slice(1500)]);
  // No line end after the last line.
  const second = join(dir, 'par-b.jsonl');
  writeFileSync(second, [...inputs[1]!, 'not json at the end'].join('\n'));
  const previous = file('par-p.jsonl', generatePopulation({ seed: 15, accounts: 800, inputs: 1, badLines: 5, cutoff: '2011-12-10' }).inputs[0]!);
  const req = { inputs: [first, second], cutoff: cut('2012-12-20'), previous: [previous], previousCutoff: cut('2011-12-10') };

  async function run(threads: number, chunkBytes?: number) {
    const io = errors();
    const r = await makeReport({ ...req, threads, ...(chunkBytes ? { chunkBytes } : {}) }, io);
    return { json: renderJson(r), err: io.lines };
  }

  it('gives byte-identical JSON and the same rejected lines, in order, for 2 and 3 threads and any chunk size', async () => {
    const one = await run(1);
    expect(one.err.length).toBeGreaterThan(60);
    expect(JSON.parse(one.json).accounts.duplicates).toBeGreaterThan(500);
    expect(JSON.parse(one.json).accounts.classified).toBeGreaterThan(0);
    for (const [threads, chunkBytes] of [[2, undefined], [2, 4096], [3, 1000]] as const) {
      const many = await run(threads, chunkBytes);
      expect(many.json).toBe(one.json);
      expect(many.err).toEqual(one.err);
    }
  });

  it('names the right line of a bad line, wherever the chunks are cut', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => (i % 7 === 3 ? '' : rec('weibo.example', String(i), { labels: inst('court', false, 'county', '11') })));
    lines[4321] = '{"provider": "weibo.example", "id": ';
    const path = file('par-bad.jsonl', lines);
    for (const threads of [1, 2]) {
      const io = errors();
      const r = await makeReport({ inputs: [path], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20'), threads, chunkBytes: 2048 }, io);
      expect(io.lines).toHaveLength(1);
      expect(io.lines[0]).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}:4322: json: not valid JSON`));
      expect(r.rejected.examples).toEqual([{ input: path, line: 4322, error: expect.stringMatching(/^json: not valid JSON/) }]);
    }
  });

  it('tells the same progress, interleaved the same way with the rejected lines', async () => {
    // 450k lines, nearly all blank: progress comes every 200k lines.
    const lines = Array.from({ length: 450_000 }, () => '');
    lines[10] = rec('weibo.example', '1', {});
    lines[199_999] = 'bad before the first mark';
    lines[200_000] = 'bad after it';
    lines[449_999] = rec('weibo.example', '2', {});
    const path = file('par-progress.jsonl', lines);
    const seen = async (threads: number) => {
      const told: string[] = [];
      await makeReport({ inputs: [path], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20'), threads, chunkBytes: 50_000 }, {
        err: (l) => told.push(l),
        progress: (input, n, done) => told.push(`${input} ${n} ${done}`),
      });
      return told;
    };
    const one = await seen(1);
    // Progress counts every line as it is reached (the mark before the line's own error); the end, the non-blank lines.
    expect(one).toEqual([
      `${path} 200000 false`,
      `${path}:200000: json: not valid JSON (Unexpected token 'b', "bad before"... is not valid JSON)`,
      `${path}:200001: json: not valid JSON (Unexpected token 'b', "bad after it" is not valid JSON)`,
      `${path} 400000 false`,
      `${path} 4 true`,
    ]);
    expect(await seen(2)).toEqual(one);
  });

  it('reads stdin through the threads, keeping the winners\' names', async () => {
    const text = readFileSync(first, 'utf8');
    const viaStdin = async (threads: number) =>
      renderJson(await makeReport({ inputs: ['-'], cutoff: cut('2012-12-20'), previous: [], previousCutoff: cut('2011-12-20'), threads, chunkBytes: 3000 }, { err: () => {}, stdin: Readable.from([Buffer.from(text.slice(0, 70_001)), Buffer.from(text.slice(70_001))]) }));
    const one = await viaStdin(1);
    expect(JSON.parse(one).ranking.institutional.length).toBeGreaterThan(0);
    expect(await viaStdin(2)).toBe(one);
  });
});
