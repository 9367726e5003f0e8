import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the oauth tables belong to the oauth feature', () => {
  it('no other feature reads or writes oauth_tokens, oauth_apps or oauth_codes (migrations and the schema aside)', () => {
    const trespassers = sources(SRC)
      .map((p) => relative(SRC, p))
      .filter((p) => !p.startsWith('oauth/') && !p.startsWith('db/'))
      .filter((p) => /['"`\s]oauth_(tokens|apps|codes)\b/.test(readFileSync(join(SRC, p), 'utf8')));
    expect(trespassers).toEqual([]);
  });
});
