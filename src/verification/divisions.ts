/**
 * Names of GB/T 2260 division codes for the reviewers: 130123 reads
 * 正定县, within 河北省石家庄市. Applications carry today's codes, so the
 * newest revision of the gb2260 package answers first and older ones fill
 * codes since abolished. Loaded on first use: the server that never shows a
 * reviewer an application does not pay for it.
 */
import { createRequire } from 'node:module';

/** A division's own name and the names of the divisions it lies within. */
export interface DivisionName {
  /** 正定县 */
  name: string;
  /** 河北省石家庄市; null for a province. */
  within: string | null;
}

// Groupings, not places: a city's 市辖区 or Chongqing's 县 are no part of a name.
const GROUPINGS = new Set(['市辖区', '县', '市', '省直辖县级行政区划', '自治区直辖县级行政区划', '省直辖行政单位']);

let revisions: Record<string, string>[] | undefined;

function loadRevisions(): Record<string, string>[] {
  const require = createRequire(import.meta.url);
  const names = [...(require('gb2260/lib/revisions.json') as string[])].sort().reverse();
  return names.map((r) => require(`gb2260/lib/${r}.json`) as Record<string, string>);
}

function nameOf(code: string): string | undefined {
  revisions ??= loadRevisions();
  for (const r of revisions) {
    const n = r[code];
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The names a six-digit code stands for, or null when no revision knows it. */
export function divisionName(code: string | null): DivisionName | null {
  if (code === null || !/^\d{6}$/.test(code)) return null;
  const name = nameOf(code);
  if (name === undefined || GROUPINGS.has(name)) return null;
  const provinceCode = `${code.slice(0, 2)}0000`;
  const prefectureCode = `${code.slice(0, 4)}00`;
  if (code === provinceCode) return { name, within: null };
  const parts = [nameOf(provinceCode)];
  if (code !== prefectureCode) parts.push(nameOf(prefectureCode));
  const within = parts.filter((p): p is string => p !== undefined && !GROUPINGS.has(p)).join('');
  return { name, within: within || null };
}
