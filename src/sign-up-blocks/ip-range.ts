import { isIPv4, isIPv6 } from 'node:net';

/** A network: its family, its address as a number, and its prefix length. */
export interface IpRange {
  family: 4 | 6;
  network: bigint;
  prefix: number;
}

function v4ToBig(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBig(ip: string): bigint {
  let text = ip;
  // An IPv4 tail (`::ffff:1.2.3.4`) becomes two hextets.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const v = v4ToBig(tail[1] as string);
    text = `${text.slice(0, -(tail[1] as string).length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const [head = '', rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function bigToV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

function bigToV6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt((7 - i) * 16)) & 0xffffn).toString(16));
  // The longest run of two or more zero groups is written `::` (RFC 5952).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

function mask(family: 4 | 6, prefix: number): bigint {
  const bits = family === 4 ? 32 : 128;
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/**
 * An address or CIDR range as an admin types it (`65.10.51.60`,
 * `10.0.0.0/8`, `2001:db8::/32`), with its host bits cleared as Mastodon's
 * IPAddr does; null when it is neither. An IPv4 address written in IPv6
 * (`::ffff:1.2.3.4`) is taken as the IPv4 one, as the server sees it.
 */
export function parseIpRange(text: string): IpRange | null {
  const m = /^([^/\s]+)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!m) return null;
  let ip = m[1] as string;
  let prefix = m[2] === undefined ? undefined : Number(m[2]);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) {
    ip = mapped[1] as string;
    if (prefix !== undefined) prefix -= 96;
  }
  if (isIPv4(ip)) {
    const p = prefix ?? 32;
    if (p < 0 || p > 32) return null;
    return { family: 4, network: v4ToBig(ip) & mask(4, p), prefix: p };
  }
  if (isIPv6(ip) && !ip.includes('%')) {
    const p = prefix ?? 128;
    if (p < 0 || p > 128) return null;
    return { family: 6, network: v6ToBig(ip) & mask(6, p), prefix: p };
  }
  return null;
}

/** The range as stored and shown: `65.10.51.60/32`. */
export function formatIpRange(r: IpRange): string {
  return `${r.family === 4 ? bigToV4(r.network) : bigToV6(r.network)}/${r.prefix}`;
}

/** Whether the address (as the server sees it: `req.ip`) lies in the range. */
export function rangeCovers(r: IpRange, address: string): boolean {
  const a = parseIpRange(address);
  if (!a || a.family !== r.family || a.prefix !== (a.family === 4 ? 32 : 128)) return false;
  return (a.network & mask(r.family, r.prefix)) === r.network;
}
