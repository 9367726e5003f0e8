/**
 * Buffers for what a cache keeps. `Buffer.from(string)` and `Buffer.concat`
 * under half of `Buffer.poolSize` (64 KiB in Node 24) return slices of a
 * shared 64 KiB ArrayBuffer, which stays in memory while any slice of it
 * does: a cache keeping a few hundred bytes of each of thousands of entries
 * holds a whole 64 KiB block for each live slice it keeps, most of it other
 * requests' garbage (issue 16: in A's worker under a day's load, 349 such
 * blocks, 21.8 MiB, held by about 1,100 cached statuses). What is kept gets
 * an ArrayBuffer of its own, exactly its size.
 */

/** `b` itself if it owns its whole ArrayBuffer, otherwise a copy that does. */
export function owned(b: Buffer): Buffer {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length) return b;
  const copy = Buffer.allocUnsafeSlow(b.length);
  b.copy(copy);
  return copy;
}

/** The texts as UTF-8, in one ArrayBuffer of their own together (one allocation for what is kept and dropped together). */
export function ownedTexts<const T extends readonly string[]>(texts: T): { [K in keyof T]: Buffer } {
  const lengths = texts.map((t) => Buffer.byteLength(t));
  const all = Buffer.allocUnsafeSlow(lengths.reduce((a, b) => a + b, 0));
  let at = 0;
  return texts.map((t, i) => {
    const n = lengths[i] as number;
    const b = all.subarray(at, at + n);
    b.write(t);
    at += n;
    return b;
  }) as { [K in keyof T]: Buffer };
}
