import { pinyin } from 'pinyin-pro';

/** Longest handle the demo makes: Mastodon allows 30 characters in a username. */
export const HANDLE_MAX = 30;

const spelled = new Map<string, string>();
const initialled = new Map<string, string>();

function latin(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** 济南 → jinan (whole words, so that 重庆 is chongqing); cached, as the same places recur across the population. */
export function spell(zh: string): string {
  let out = spelled.get(zh);
  if (out === undefined) {
    out = latin(pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }).join(''));
    spelled.set(zh, out);
  }
  return out;
}

/** 人民法院 → rmfy: the initials people use for an organ's kind (jnga for 济南公安). */
export function initials(zh: string): string {
  let out = initialled.get(zh);
  if (out === undefined) {
    out = latin(pinyin(zh, { toneType: 'none', pattern: 'first', type: 'array', nonZh: 'consecutive', v: true }).join(''));
    initialled.set(zh, out);
  }
  return out;
}

/** The place as people say it: 历城区 → 历城, 山东省 → 山东; a name that would be too short stays whole. */
function bare(place: string): string {
  const m = /^(.{2,}?)(省|市|区|县|镇|乡|街道)$/.exec(place);
  return m ? (m[1] as string) : place;
}

/**
 * A readable handle for an organ's account, from its name: the place spelled
 * out and the rest as initials, in the name's order (平安济南 → pa_jinan,
 * 历城区人民法院 → licheng_rmfy); a name without a place as initials
 * (外交部新闻办 → wjbxwb). Only [a-z0-9_], at most HANDLE_MAX characters before
 * any number that makes it unique.
 */
export function organHandle(name: string, place: string | null): string {
  const at = place ? name.indexOf(place) : -1;
  if (!place || at < 0) return clip(initials(name));
  const parts = [initials(name.slice(0, at)), spell(bare(place)), initials(name.slice(at + place.length))].filter((x) => x.length > 0);
  return clip(parts.join('_'));
}

/** An official's handle: the name spelled out and the place's initials (王建国 of 历城区 → wangjianguo_lc). */
export function officialHandle(name: string, place: string | null): string {
  const who = spell(name);
  return clip(place ? `${who}_${initials(bare(place))}` : who);
}

/** Room is kept for a number of up to four digits after the handle. */
function clip(h: string): string {
  const out = h.slice(0, HANDLE_MAX - 4).replace(/_+$/, '');
  return out.length ? out : 'gov';
}

/**
 * Makes handles unique within one provider: the first taker keeps the plain
 * handle, later ones get 2, 3… (jnga, jnga2), as a provider would suggest.
 */
export class HandleBook {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  reserve(handle: string): void {
    this.used.add(handle);
  }

  take(base: string): string {
    if (!this.used.has(base)) {
      this.used.add(base);
      return base;
    }
    let n = this.next.get(base) ?? 2;
    while (this.used.has(`${base}${n}`)) n += 1;
    this.next.set(base, n + 1);
    const h = `${base}${n}`;
    this.used.add(h);
    return h;
  }
}
