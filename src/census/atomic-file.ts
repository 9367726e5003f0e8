import { open, rename } from 'node:fs/promises';

/** Replaces a file atomically and durably: a reader (or a resume after a crash) sees the old content or the new, never half. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(text);
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}
