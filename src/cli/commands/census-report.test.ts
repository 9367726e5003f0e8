import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePopulation } from '../../census/testing/population.js';
import { type CliIO, main } from '../main.js';

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
}

const dir = mkdtempSync(join(tmpdir(), 'govblog-census-report-'));
const { inputs, truth } = generatePopulation({ seed: 42, accounts: 1500, inputs: 2, badLines: 40 });
const [a, b] = inputs.map((lines, i) => {
  const path = join(dir, `in-${i}.jsonl`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}) as [string, string];
const previous = join(dir, 'previous.jsonl');
writeFileSync(previous, generatePopulation({ seed: 41, accounts: 400, inputs: 1, badLines: 0, cutoff: '2011-12-10' }).inputs[0]!.join('\n') + '\n');

const base = ['census', 'report', '--input', a, '--input', b, '--cutoff', '2012-12-20'];

describe('govblog census report: usage errors (exit 2, naming the flag)', () => {
  it.each([
    [['census', 'report', '--cutoff', '2012-12-20'], /--input/],
    [['census', 'report', '--input', a], /--cutoff/],
    [[...base.slice(0, -1), '2012-02-30'], /--cutoff: "2012-02-30" is not a date \(YYYY-MM-DD\)/],
    [[...base.slice(0, -1), '20/12/2012'], /--cutoff: "20\/12\/2012" is not a date/],
    [[...base, '--format', 'docx'], /--format: "docx" is not one of json, md, html, csv, pdf/],
    [[...base, '--format', 'pdf'], /--out: give a file for --format pdf/],
    [[...base, '--previous-cutoff', '2011-12-10'], /--previous-cutoff: needs --previous FILE/],
    [[...base, '--previous', previous, '--previous-cutoff', '2013-01-01'], /--previous-cutoff: 2013-01-01 is not before --cutoff 2012-12-20/],
    [[...base, '--previous', previous, '--previous-cutoff', 'soon'], /--previous-cutoff: "soon" is not a date/],
    [[...base, '--bogus'], /unknown option '--bogus'/],
    [[...base, '--threads', '0'], /--threads: expected a whole number from 1 to 64, got "0"/],
    [[...base, '--threads', 'all'], /--threads: expected a whole number from 1 to 64, got "all"/],
  ])('%j', async (argv, message) => {
    const io = capture();
    expect(await main(argv, io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});

describe('govblog census report: failures of the run (exit 1, naming the file)', () => {
  it('an unreadable input', async () => {
    const io = capture();
    const missing = join(dir, 'nope.jsonl');
    expect(await main(['census', 'report', '--input', a, '--input', missing, '--cutoff', '2012-12-20'], io)).toBe(1);
    expect(io.stderr.at(-1)).toBe(`govblog: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'`);
    expect(io.stdout).toEqual([]);
  });
  it('an unreadable previous census', async () => {
    const io = capture();
    expect(await main([...base, '--previous', join(dir, 'gone.jsonl')], io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(/^govblog: cannot read .*gone\.jsonl: ENOENT/);
  });
  it('an output that cannot be written', async () => {
    const io = capture();
    expect(await main([...base, '--format', 'json', '--out', join(dir, 'no/such/dir/r.json')], io)).toBe(1);
    expect(io.stderr.at(-1)).toMatch(/^govblog: cannot write .*no\/such\/dir\/r\.json: ENOENT/);
  });

  it('pdf without a Chromium: exit 1, one line saying so, nothing written', async () => {
    const io = capture();
    const out = join(dir, 'no-chromium.pdf');
    const before = process.env.GOVBLOG_CHROMIUM;
    process.env.GOVBLOG_CHROMIUM = join(dir, 'no-such-chromium');
    try {
      expect(await main([...base, '--format', 'pdf', '--out', out], io)).toBe(1);
    } finally {
      if (before === undefined) delete process.env.GOVBLOG_CHROMIUM;
      else process.env.GOVBLOG_CHROMIUM = before;
    }
    expect(io.stderr.at(-1)).toBe(`govblog: --format pdf: GOVBLOG_CHROMIUM=${join(dir, 'no-such-chromium')} does not exist`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('govblog census report: the report', () => {
  it('--threads 1 and --threads 2 print the same report and the same rejected lines; a bad GOVBLOG_CENSUS_THREADS is a usage error', async () => {
    const runs = [];
    for (const threads of ['1', '2']) {
      const io = capture();
      expect(await main([...base, '--format', 'json', '--threads', threads], io)).toBe(0);
      runs.push(io);
    }
    expect(runs[1]!.stdout).toEqual(runs[0]!.stdout);
    expect(runs[1]!.stderr).toEqual(runs[0]!.stderr);
    const before = process.env.GOVBLOG_CENSUS_THREADS;
    process.env.GOVBLOG_CENSUS_THREADS = '-1';
    try {
      const io = capture();
      expect(await main([...base, '--format', 'json'], io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/GOVBLOG_CENSUS_THREADS: expected a whole number from 1 to 64, got "-1"/);
    } finally {
      if (before === undefined) delete process.env.GOVBLOG_CENSUS_THREADS;
      else process.env.GOVBLOG_CENSUS_THREADS = before;
    }
  });


  it('json on stdout: the exact figures; every rejected line on stderr as FILE:LINE: field: message; exit 0', async () => {
    const io = capture();
    expect(await main([...base, '--format', 'json', '--previous', previous, '--previous-cutoff', '2011-12-10'], io)).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const r = JSON.parse(io.stdout[0]!);
    for (const key of ['cutoff', 'total', 'previous', 'growth', 'institutional', 'individual', 'by_provider', 'by_province', 'rejected', 'ranking']) expect(r).toHaveProperty(key);
    expect(r.total).toBe(truth.total);
    expect(r.institutional.total).toBe(truth.institutional.total);
    expect(r.individual.by_rank).toEqual(truth.individual.by_rank);
    expect(r.by_province).toEqual(truth.by_province);
    expect(r.accounts).toEqual(truth.accounts);
    expect(r.previous.cutoff).toBe('2011-12-10');
    expect(r.growth.ratio).toBe(Math.round((truth.total / r.previous.total) * 1000) / 1000);
    expect(r.rejected.lines).toBe(truth.rejected.length);
    expect(io.stderr).toHaveLength(truth.rejected.length);
    expect(io.stderr[0]).toMatch(new RegExp(`^${[a, b][truth.rejected[0]!.input]}:${truth.rejected[0]!.line}: [a-z_.]+: `));
    expect(r.ranking.institutional).toHaveLength(100);
    expect(r.ranking.individual).toHaveLength(100);
  });

  it('md (the default) on stdout: findings as sentences, then tables', async () => {
    const io = capture();
    expect(await main(base, io)).toBe(0);
    const md = io.stdout.join('\n');
    expect(md).toContain(`截至2012年12月20日`);
    expect(md).toContain(`政务微博总数达${truth.total.toLocaleString('en-US')}个`);
    expect(md).toContain(`As of 20 December 2012, there were ${truth.total.toLocaleString('en-US')} government microblog accounts`);
    expect(md).toMatch(/### 机构微博：按行政级别 Institutional accounts by level/);
    expect(md).toMatch(/### 机构微博综合指数排名 Ranking of institutional accounts/);
    expect(md).toContain('综合指数 = 100 ×');
  });

  it('md and html to --out files', async () => {
    for (const format of ['md', 'html', 'json']) {
      const out = join(dir, `report.${format}`);
      const io = capture();
      expect(await main([...base, '--format', format, '--out', out], io)).toBe(0);
      expect(io.stdout).toEqual([]);
      expect(readFileSync(out, 'utf8').length).toBeGreaterThan(1000);
    }
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('csv: a folder of one table per breakdown with --out; sections on stdout without', async () => {
    const out = join(dir, 'csv');
    expect(await main([...base, '--format', 'csv', '--out', out], capture())).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      [
        'by_kind',
        'by_province',
        'by_provider',
        'individual_by_level',
        'individual_by_organ',
        'individual_by_rank',
        'institutional_by_level',
        'institutional_by_organ',
        'ranking_individual',
        'ranking_institutional',
        'rejected',
        'service_by_kind',
        'service_by_organ',
        'service_by_province',
        'summary',
        'trend',
      ]
        .map((n) => `${n}.csv`)
        .sort(),
    );
    const provinces = readFileSync(join(out, 'by_province.csv'), 'utf8').trim().split('\r\n');
    expect(provinces[0]).toBe('province,zh,en,total,institutional,individual,share_percent');
    const row37 = provinces.find((l) => l.startsWith('37,'))!;
    expect(row37.split(',').slice(0, 6)).toEqual(['37', '山东', 'Shandong', ...[truth.by_province['37']!.total, truth.by_province['37']!.institutional, truth.by_province['37']!.individual].map(String)]);
    expect(readFileSync(join(out, 'ranking_institutional.csv'), 'utf8').trim().split('\r\n')).toHaveLength(101);
    expect(existsSync(join(out, 'summary.csv'))).toBe(true);

    const io = capture();
    expect(await main([...base, '--format', 'csv'], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text.match(/^# [a-z_]+\r$/gm)).toHaveLength(16);
  });

  it('--earlier DATE=FILE adds censuses to the trend; the same date again adds a file to it', async () => {
    const io = capture();
    const argv = [...base, '--format', 'json', '--previous', previous, '--previous-cutoff', '2011-12-10', '--earlier', `2010-12-10=${a}`, '--earlier', `2010-12-10=${b}`, '--earlier', `2009-12-10=${previous}`];
    expect(await main(argv, io)).toBe(0);
    const r = JSON.parse(io.stdout.join(''));
    expect(r.trend.map((p: { cutoff: string }) => p.cutoff)).toEqual(['2009-12-10', '2010-12-10', '2011-12-10', '2012-12-20']);
    expect(r.trend[3]).toEqual({ cutoff: '2012-12-20', total: truth.total, institutional: truth.institutional.total, individual: truth.individual.total });
    expect(r.inputs.filter((i: { role: string }) => i.role === 'earlier').map((i: { cutoff: string }) => i.cutoff)).toEqual(['2010-12-10', '2010-12-10', '2009-12-10']);
    // The growth is still against --previous.
    expect(r.previous.cutoff).toBe('2011-12-10');
    expect(r.service_quality.total.accounts).toBeGreaterThan(0);
  });
});

describe('govblog census report --earlier: usage errors (exit 2)', () => {
  it.each([
    [['--earlier', a], /--earlier: ".*" is not YYYY-MM-DD=FILE/],
    [['--earlier', '2010-12-10='], /--earlier: "2010-12-10=": empty file name/],
    [['--earlier', `2010-02-30=${a}`], /--earlier: "2010-02-30" is not a date/],
    [['--earlier', `2012-12-20=${a}`], /--earlier: 2012-12-20 is not before --cutoff 2012-12-20/],
    [['--previous', previous, '--earlier', `2011-12-20=${a}`], /--earlier: 2011-12-20 is the previous census's cut-off/],
    [['--earlier', '2010-12-10=-', '--earlier', '2009-12-10=-'], /stdin \(-\) can be given only once/],
  ])('%j', async (extra, message) => {
    const io = capture();
    expect(await main([...base, ...extra], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(message);
  });
});
