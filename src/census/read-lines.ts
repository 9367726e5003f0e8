/**
 * JSONL lines with the byte offset where each starts, so that the report can
 * read a handful of lines back at the end (the ranking's winners) without
 * keeping any text in memory meanwhile.
 *
 * The scan works on bytes: a newline byte never occurs inside a UTF-8
 * sequence, and decoding each line on its own measured faster here than
 * decoding whole chunks and splitting strings. The callback is synchronous:
 * an async generator would cost a promise per line.
 */
import type { FileHandle } from 'node:fs/promises';

/** Receives each line without its ending, its number from 1, and its byte offset. */
export type LineSink = (text: string, line: number, offset: number) => void;

function isBom(buf: Buffer, at: number): boolean {
  return buf[at] === 0xef && buf[at + 1] === 0xbb && buf[at + 2] === 0xbf;
}

/** Calls `sink` for every line of a byte stream (LF or CRLF; a leading BOM skipped); resolves to the number of lines. */
export async function scanLines(stream: AsyncIterable<Buffer | string>, sink: LineSink): Promise<number> {
  let line = 0;
  let base = 0; // file offset of the current chunk
  let carry: Buffer | undefined; // a line begun in an earlier chunk
  let carryOffset = 0;
  const emit = (buf: Buffer, start: number, end: number, offset: number): void => {
    if (end > start && buf[end - 1] === 13) end--;
    if (line === 0 && end - start >= 3 && isBom(buf, start)) {
      start += 3;
      offset += 3;
    }
    sink(buf.toString('utf8', start, end), ++line, offset);
  };
  for await (const piece of stream) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    let start = 0;
    let nl = chunk.indexOf(10);
    if (carry !== undefined) {
      if (nl < 0) {
        carry = Buffer.concat([carry, chunk]);
        base += chunk.length;
        continue;
      }
      const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
      carry = undefined;
      emit(joined, 0, joined.length, carryOffset);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    while (nl >= 0) {
      emit(chunk, start, nl, base + start);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.length) {
      // A copy, so that the chunk itself can be collected.
      carry = Buffer.from(chunk.subarray(start));
      carryOffset = base + start;
    }
    base += chunk.length;
  }
  if (carry !== undefined) emit(carry, 0, carry.length, carryOffset);
  return line;
}

/** The line that starts at `offset` in an open file, without its ending. */
export async function readLineAt(handle: FileHandle, offset: number): Promise<string> {
  let size = 64 * 1024;
  for (;;) {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, offset);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0 || bytesRead < size) {
      let end = nl >= 0 ? nl : bytesRead;
      if (end > 0 && buf[end - 1] === 13) end--;
      return buf.toString('utf8', 0, end);
    }
    size *= 4;
  }
}
