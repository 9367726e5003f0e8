/**
 * A JSONL line read back at the byte offset where it starts, so that the
 * report can read a handful of lines again at the end (the ranking's winners)
 * without keeping any text in memory meanwhile.
 */
import type { FileHandle } from 'node:fs/promises';

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
