/**
 * `govblog census report` (CONTRACT §1, §3): parses and checks the flags,
 * then hands over to the census's report use case. Usage errors name the flag
 * (exit 2); an input that cannot be read or an output that cannot be written
 * names the file (exit 1). Rejected input lines never stop the run: each is
 * printed on stderr as FILE:LINE: field: message and counted in the report.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { oneYearBefore, parseCutoff, type Cutoff } from '../../census/cutoff.js';
import { NoChromiumError } from '../../census/report/pdf.js';
import { REPORT_FORMATS, ReportInputError, makeReport, renderReport, type ReportFormat } from '../../census/run-report.js';
import { CliError } from '../errors.js';

export interface CensusReportOptions {
  input: string[];
  cutoff: string;
  previous?: string[];
  previousCutoff?: string;
  /** Earlier censuses for the trend, each `YYYY-MM-DD=FILE`. */
  earlier?: string[];
  format: string;
  out?: string;
  /** Threads that read the lines, the main one included; default GOVBLOG_CENSUS_THREADS, else 1. */
  threads?: string;
}

/** The most threads --threads takes: more than the cores only adds switching. */
const MAX_THREADS = 64;

/**
 * --threads, else GOVBLOG_CENSUS_THREADS, else 1 (everything on the main thread): on this
 * project's 2-core machines two threads took longer than one (BENCHMARKS.md, "Census on both cores").
 */
function threadsFlag(raw: string | undefined, env: string | undefined): number {
  const [flag, value] = raw !== undefined ? ['--threads', raw] : env !== undefined && env !== '' ? ['GOVBLOG_CENSUS_THREADS', env] : [undefined, undefined];
  if (flag === undefined) return 1;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new CliError(`${flag}: expected a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(value)}`, 2);
  }
  return n;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function cutoffFlag(flag: string, value: string): Cutoff {
  const c = parseCutoff(value);
  if (!c) throw new CliError(`${flag}: ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`, 2);
  return c;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e);
  return err?.code && !message.includes(err.code) ? `${err.code}: ${message}` : message;
}

/**
 * `--earlier YYYY-MM-DD=FILE`, repeatable: a census at another date, for the
 * trend. The same date given again adds a file to that census. Each date is
 * before --cutoff and not the previous census's.
 */
function earlierCensuses(values: string[], cutoff: Cutoff, previousCutoff: Cutoff | null): { cutoff: Cutoff; inputs: string[] }[] {
  const byDate = new Map<string, { cutoff: Cutoff; inputs: string[] }>();
  for (const value of values) {
    const m = /^(\d{4}-\d{2}-\d{2})=(.*)$/.exec(value);
    if (!m) throw new CliError(`--earlier: ${JSON.stringify(value)} is not YYYY-MM-DD=FILE`, 2);
    const c = cutoffFlag('--earlier', m[1]!);
    const file = m[2]!;
    if (file.trim() === '') throw new CliError(`--earlier: ${JSON.stringify(value)}: empty file name`, 2);
    if (c.nextDayMs >= cutoff.nextDayMs) throw new CliError(`--earlier: ${c.date} is not before --cutoff ${cutoff.date}`, 2);
    if (previousCutoff && c.date === previousCutoff.date) throw new CliError(`--earlier: ${c.date} is the previous census's cut-off (give its files as --previous)`, 2);
    const census = byDate.get(c.date) ?? { cutoff: c, inputs: [] };
    census.inputs.push(file);
    byDate.set(c.date, census);
  }
  return [...byDate.values()];
}

/** Where the command writes: the program's configured output (a test's buffers under main()). */
interface Output {
  out(text: string): void;
  err(line: string): void;
  /** A binary document (pdf) on stdout. */
  outBytes?(bytes: Uint8Array): void;
}

/** Runs the report with parsed flags. Throws CliError (exit 1 or 2). */
export async function runCensusReport(opts: CensusReportOptions, output: Output): Promise<void> {
  const cutoff = cutoffFlag('--cutoff', opts.cutoff);
  const previous = opts.previous ?? [];
  if (opts.previousCutoff !== undefined && previous.length === 0) throw new CliError('--previous-cutoff: needs --previous FILE', 2);
  const previousCutoff = opts.previousCutoff !== undefined ? cutoffFlag('--previous-cutoff', opts.previousCutoff) : oneYearBefore(cutoff);
  if (previous.length > 0 && previousCutoff.nextDayMs >= cutoff.nextDayMs) {
    throw new CliError(`--previous-cutoff: ${previousCutoff.date} is not before --cutoff ${cutoff.date}`, 2);
  }
  const earlier = earlierCensuses(opts.earlier ?? [], cutoff, previous.length > 0 ? previousCutoff : null);
  if (!(REPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw new CliError(`--format: ${JSON.stringify(opts.format)} is not one of ${REPORT_FORMATS.join(', ')}`, 2);
  }
  const format = opts.format as ReportFormat;
  const threads = threadsFlag(opts.threads, process.env.GOVBLOG_CENSUS_THREADS);
  if (format === 'pdf' && !(opts.out && opts.out !== '-') && !output.outBytes) throw new CliError('--out: give a file for --format pdf (a PDF is written to stdout only when it is redirected)', 2);
  for (const [flag, paths] of [['--input', opts.input], ['--previous', previous]] as const) {
    if (paths.some((p) => p.trim() === '')) throw new CliError(`${flag}: empty file name`, 2);
  }
  // stdin can be read once.
  if ([...opts.input, ...previous, ...earlier.flatMap((e) => e.inputs)].filter((p) => p === '-').length > 1) throw new CliError('--input: stdin (-) can be given only once', 2);

  let report;
  const progress = progressLine();
  try {
    report = await makeReport({ inputs: opts.input, cutoff, previous, previousCutoff, earlier, threads }, { err: output.err, ...(progress ? { progress } : {}) });
  } catch (e) {
    if (e instanceof ReportInputError) throw new CliError(e.message, 1);
    throw e;
  }
  let rendered;
  try {
    rendered = await renderReport(report, format);
  } catch (e) {
    if (e instanceof NoChromiumError) throw new CliError(e.message, 1);
    throw e;
  }
  const out = opts.out && opts.out !== '-' ? opts.out : undefined;
  if (rendered.kind === 'bytes') {
    if (!out) {
      return output.outBytes!(rendered.bytes);
    }
    try {
      await writeFile(out, rendered.bytes);
    } catch (e) {
      throw new CliError(`cannot write ${out}: ${describe(e)}`, 1);
    }
    return;
  }
  if (rendered.kind === 'tables') {
    if (!out) return output.out(rendered.stream);
    try {
      await mkdir(out, { recursive: true });
      for (const t of rendered.tables) await writeFile(join(out, `${t.name}.csv`), t.csv);
    } catch (e) {
      throw new CliError(`cannot write ${out}: ${describe(e)}`, 1);
    }
    return;
  }
  if (!out) return output.out(rendered.text);
  try {
    await writeFile(out, rendered.text.endsWith('\n') ? rendered.text : rendered.text + '\n');
  } catch (e) {
    throw new CliError(`cannot write ${out}: ${describe(e)}`, 1);
  }
}

/** Adds `report` to `govblog census`. */
export function registerCensusReport(census: Command, outBytes?: (bytes: Uint8Array) => void): void {
  census
    .command('report')
    .description('the annual report over account records (JSONL) at a cut-off date, with growth against last year')
    .requiredOption('--input <file>', 'account records, one JSON object a line; repeat for several (a later occurrence of an account wins); - for stdin', collect)
    .requiredOption('--cutoff <date>', 'count the accounts open at the end of this day, UTC (YYYY-MM-DD)')
    .option('--previous <file>', "last year's account records, for growth; repeatable", collect)
    .option('--previous-cutoff <date>', 'the previous census\'s cut-off (default: one year before --cutoff)')
    .option(
      '--earlier <date=file>',
      'a census at another, earlier date for the trend (totals over every date), e.g. 2010-12-10=census-2010.jsonl; repeatable, the same date again adds a file to it',
      collect,
    )
    .addOption(new Option('--format <format>', 'json | md | html | csv | pdf (the html report printed by Chromium: /usr/bin/chromium, or GOVBLOG_CHROMIUM)').default('md'))
    .option(
      '--threads <n>',
      'threads that parse, validate and label the lines, the main one included (1-64; N starts N-1 worker threads; 1: all on the main thread); the report is the same for any number. Default: GOVBLOG_CENSUS_THREADS, else 1',
    )
    .option(
      '--out <path>',
      'where to write (default: stdout; pdf on stdout only when it is not a terminal). For csv: a folder, created if needed, with one <table>.csv per breakdown; ' +
        'csv on stdout prints every table, each after a "# <table>" line, separated by blank lines',
    )
    .action(async (opts: CensusReportOptions, command: Command) => {
      const config = command.configureOutput();
      const writeOut = config.writeOut ?? ((s: string) => process.stdout.write(s));
      const writeErr = config.writeErr ?? ((s: string) => process.stderr.write(s));
      await runCensusReport(opts, {
        out: (text) => writeOut(text.endsWith('\n') ? text : text + '\n'),
        err: (line) => writeErr(line + '\n'),
        // A PDF goes to stdout only when piped or redirected: on a terminal it would be noise.
        ...(outBytes && !process.stdout.isTTY ? { outBytes } : {}),
      });
    });
}

/**
 * Reading a large census takes a while: on a terminal, one line rewritten in
 * place says how far each input has got. Elsewhere stderr carries only the
 * rejected lines, for scripts that read them.
 */
function progressLine(): ((input: string, lines: number, done: boolean) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  const started = Date.now();
  return (input, lines, done) => {
    const rate = Math.round(lines / Math.max(0.001, (Date.now() - started) / 1000));
    const text = `report: ${input}: ${lines.toLocaleString('en')} lines${done ? ' read' : ` (${rate.toLocaleString('en')} lines/s)`}`;
    process.stderr.write(`\r\x1b[2K${text}${done ? '\n' : ''}`);
  };
}
