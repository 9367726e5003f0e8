/**
 * `govblog classify --input FILE [--out FILE]` (CONTRACT §1): account records
 * in, the same records with their labels filled in out, one line per valid
 * input line. Bad lines are reported on stderr and left out; they never stop
 * the run.
 *
 * With `--names` the input is a plain list instead: a name a line, optionally
 * followed by a tab and a verification text (a list pasted from a spreadsheet);
 * each comes out as `{"name", "verification", "labels"}`.
 */
import { open } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { CliExit } from '../errors.js';
import { classify } from '../../classify/classify.js';
import { linesOf, openInput } from '../../census/sources/jsonl.js';
import { isCompleteLabels, parseAccountRecord, type AccountRecord, type RecordLabels } from '../../domain/account-record.js';

export interface ClassifyOptions {
  /** Input JSONL path; '-' is stdin. */
  input?: string;
  /** Output JSONL path; '-' or absent is stdout. */
  out?: string;
  /** The input is a plain list: `name` or `name<TAB>verification` a line. */
  names?: boolean;
}

export interface ClassifyIo {
  stderr: { write(text: string): unknown };
  /** Defaults to process.stdin / process.stdout. */
  stdin?: Readable;
  stdout?: Writable;
}

const FLUSH_AT = 64 * 1024;

/** Labels for a record: complete labels are trusted as given; missing fields come from the classifier. */
export function labelRecord(record: AccountRecord): RecordLabels {
  const given = record.labels;
  if (isCompleteLabels(given)) return given;
  const found = classify(record);
  if (!given) return found;
  const merged: RecordLabels = { ...found };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

/** A plain list's line: `name` or `name<TAB>verification`. */
export function labelName(line: string): { name: string; verification: string | null; labels: RecordLabels } {
  const tab = line.indexOf('\t');
  const name = (tab < 0 ? line : line.slice(0, tab)).trim();
  const verification = tab < 0 ? null : line.slice(tab + 1).trim() || null;
  return { name, verification, labels: classify({ name, verification }) };
}

/** Resolves on `event`, rejects on 'error', and leaves no listener behind either way. */
function settle(stream: Writable, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = (): void => {
      stream.off('error', bad);
      resolve();
    };
    const bad = (e: unknown): void => {
      stream.off(event, ok);
      reject(e);
    };
    stream.once(event, ok);
    stream.once('error', bad);
  });
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = String(err.message ?? e);
  return err.code && !message.startsWith(err.code) ? `${err.code}: ${message}` : message;
}

/** Runs the command; resolves to the exit code (0 done, 1 I/O failure, 2 usage). */
export async function runClassify(opts: ClassifyOptions, io: ClassifyIo): Promise<number> {
  const { stderr } = io;
  if (!opts.input) {
    stderr.write('classify: --input FILE is required (- for stdin)\n');
    return 2;
  }
  const inputName = opts.input === '-' ? 'stdin' : opts.input;

  let input: Readable;
  try {
    input = opts.input === '-' && io.stdin ? io.stdin : await openInput(opts.input);
  } catch (e) {
    stderr.write(`classify: cannot read ${inputName}: ${describe(e)}\n`);
    return 1;
  }

  let out: Writable;
  let ownOut = false;
  if (!opts.out || opts.out === '-') out = io.stdout ?? process.stdout;
  else {
    try {
      out = (await open(opts.out, 'w')).createWriteStream();
      ownOut = true;
    } catch (e) {
      input.destroy();
      stderr.write(`classify: cannot write ${opts.out}: ${describe(e)}\n`);
      return 1;
    }
  }
  const outName = ownOut ? opts.out! : 'stdout';
  let writeError: unknown;
  const onError = (e: unknown): void => {
    writeError ??= e;
  };
  out.on('error', onError);

  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!out.write(chunk)) await settle(out, 'drain');
    if (writeError) throw writeError;
  };

  let classified = 0;
  let rejected = 0;
  try {
    for await (const { line, text } of linesOf(input)) {
      if (text.trim() === '') continue;
      if (opts.names) {
        buffer += JSON.stringify(labelName(text)) + '\n';
        classified++;
        if (buffer.length >= FLUSH_AT) await flush();
        continue;
      }
      const parsed = parseAccountRecord(text);
      if (!parsed.ok) {
        rejected++;
        stderr.write(`${inputName}:${line}: ${parsed.error}\n`);
        continue;
      }
      const record = parsed.record;
      buffer += JSON.stringify({ ...record, labels: labelRecord(record) }) + '\n';
      classified++;
      if (buffer.length >= FLUSH_AT) await flush();
    }
  } catch (e) {
    out.off('error', onError);
    if (writeError) stderr.write(`classify: cannot write ${outName}: ${describe(writeError)}\n`);
    else stderr.write(`classify: cannot read ${inputName}: ${describe(e)}\n`);
    if (ownOut) out.destroy();
    return 1;
  }

  try {
    await flush();
    if (writeError) throw writeError;
    if (ownOut) {
      const finished = settle(out, 'finish');
      out.end();
      await finished;
    }
  } catch (e) {
    stderr.write(`classify: cannot write ${outName}: ${describe(e)}\n`);
    return 1;
  } finally {
    out.off('error', onError);
  }
  stderr.write(`classify: classified ${classified}, rejected ${rejected}\n`);
  return 0;
}

/** Adds `classify` to the govblog program. */
export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('label account records (JSONL) with the classifier')
    .requiredOption('--input <file>', 'account records, one JSON object a line (- for stdin)')
    .option('--names', 'the input is a plain list: a name a line, or name<TAB>verification')
    .option('--out <file>', 'where to write the labelled records (default: stdout)')
    .action(async (opts: ClassifyOptions) => {
      const code = await runClassify(opts, { stderr: process.stderr });
      // runClassify has said what went wrong; only the exit code is left to pass on.
      if (code !== 0) throw new CliExit(code === 2 ? 2 : 1);
    });
}
