import sharp from 'sharp';

/** The colours default avatars are drawn in, one per account id modulo their number. */
export const AVATAR_PALETTE = ['#c8102e', '#1f5fa8', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#37474f'];

/** The default avatar as SVG (a person's outline on the account's colour). */
export function defaultAvatarSvg(accountId: number): string {
  const color = AVATAR_PALETTE[Math.abs(accountId) % AVATAR_PALETTE.length];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" viewBox="0 0 120 120"><rect width="120" height="120" rx="18" fill="${color}"/><circle cx="60" cy="46" r="22" fill="#fff" opacity=".9"/><path d="M22 108c6-24 22-34 38-34s32 10 38 34z" fill="#fff" opacity=".9"/></svg>`;
}

export const DEFAULT_HEADER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="1500" height="500"><defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#8e0c20"/><stop offset="1" stop-color="#c8102e"/></linearGradient></defs><rect width="1500" height="500" fill="url(#g)"/></svg>`;

// Rasterised once per colour and kept: apps decode PNG, not SVG.
const avatars = new Map<number, Promise<Buffer>>();
let header: Promise<Buffer> | null = null;

/** The default avatar as a 400×400 PNG, the size Mastodon's avatars are. */
export function defaultAvatarPng(accountId: number): Promise<Buffer> {
  const slot = Math.abs(accountId) % AVATAR_PALETTE.length;
  let png = avatars.get(slot);
  if (!png) {
    png = sharp(Buffer.from(defaultAvatarSvg(slot)), { density: 240 }).resize(400, 400).png().toBuffer();
    avatars.set(slot, png);
  }
  return png;
}

/** The default header as a 1500×500 PNG. */
export function defaultHeaderPng(): Promise<Buffer> {
  header ??= sharp(Buffer.from(DEFAULT_HEADER_SVG)).png().toBuffer();
  return header;
}
