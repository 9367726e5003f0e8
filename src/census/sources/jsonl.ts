/**
 * Line-by-line reading of JSONL inputs (a file, or stdin for '-'), streaming:
 * memory holds one chunk and one partial line, never the file.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

/** One line of input, numbered from 1, without its line ending. */
export interface InputLine {
  line: number;
  text: string;
}

/** The input of a path: '-' is stdin. Opens eagerly so that a missing file fails here, by name. */
export async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  const handle = await open(path, 'r');
  return handle.createReadStream({ autoClose: true });
}

/** The lines of a stream, with CRLF and a leading BOM removed. */
export async function* linesOf(stream: Readable): AsyncIterable<InputLine> {
  stream.setEncoding('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = pending + chunk;
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: ++line, text: text.slice(start, end) };
      start = nl + 1;
    }
    pending = text.slice(start);
  }
  if (pending !== '') {
    yield { line: ++line, text: pending.endsWith('\r') ? pending.slice(0, -1) : pending };
  }
}

/** The lines of a file, or of stdin for '-'. */
export async function* readLines(path: string): AsyncIterable<InputLine> {
  yield* linesOf(await openInput(path));
}
