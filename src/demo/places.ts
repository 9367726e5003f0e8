import { type Division, gazetteer, shortName } from '../classify/gazetteer.js';
import { PROVINCES } from '../domain/taxonomy.js';

/** A place the demo names organs after: GB/T 2260 (201210) divisions and their townships. */
export interface Place {
  code: string;
  name: string;
  /** What people write (山东, 苏州, 吴中); the full name when there is no safe short form. */
  short: string;
}

export interface County extends Place {
  townships: string[];
}

export interface Prefecture extends Place {
  counties: County[];
}

export interface ProvincePlaces extends Place {
  /** Beijing, Tianjin, Shanghai, Chongqing: their districts are county-level and there is no prefecture. */
  municipality: boolean;
  prefectures: Prefecture[];
  /** Every county-level division, including a municipality's districts. */
  counties: (County & { prefecture: Prefecture | null })[];
}

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

function place(d: Division): Place {
  return { code: d.code, name: d.name, short: shortName(d.name) ?? d.name };
}

let cached: Map<string, ProvincePlaces> | undefined;

/** Every province with its prefectures, counties and townships, as of the 2012 census. */
export function placesByProvince(): Map<string, ProvincePlaces> {
  if (cached) return cached;
  const g = gazetteer();
  const townshipsByCounty = new Map<string, string[]>();
  for (const [name, list] of g.townships) {
    for (const d of list) {
      const l = townshipsByCounty.get(d.code) ?? [];
      l.push(name);
      townshipsByCounty.set(d.code, l);
    }
  }
  const out = new Map<string, ProvincePlaces>();
  for (const code of Object.keys(PROVINCES)) {
    const d = g.byCode.get(`${code}0000`);
    if (!d) continue;
    out.set(code, { ...place(d), municipality: MUNICIPALITIES.has(code), prefectures: [], counties: [] });
  }
  const prefectures = new Map<string, Prefecture>();
  const divisions = [...g.byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
  for (const d of divisions) {
    const p = out.get(d.province);
    if (!p || d.level !== 'prefectural' || p.municipality) continue;
    const pref: Prefecture = { ...place(d), counties: [] };
    prefectures.set(d.code.slice(0, 4), pref);
    p.prefectures.push(pref);
  }
  for (const d of divisions) {
    const p = out.get(d.province);
    if (!p || d.level !== 'county') continue;
    // 市辖区 entries and county codes ending in 00 are not places.
    if (d.name === '市辖区' || d.name === '县') continue;
    // A few source names repeat their county (博爱县孝敬镇): keep the township's own name.
    const towns = [...new Set((townshipsByCounty.get(d.code) ?? []).map((t) => (t.startsWith(d.name) && t.length > d.name.length + 1 ? t.slice(d.name.length) : t)))].sort();
    const county: County = { ...place(d), townships: towns };
    const pref = p.municipality ? null : (prefectures.get(d.code.slice(0, 4)) ?? null);
    if (!p.municipality && !pref) continue;
    pref?.counties.push(county);
    p.counties.push({ ...county, prefecture: pref });
  }
  for (const p of out.values()) p.prefectures = p.prefectures.filter((x) => x.counties.length > 0);
  cached = out;
  return out;
}
