import type { AccountRow } from '../accounts/accounts.repository.js';
import { authorize } from '../app/authorize.js';
import type { Context } from '../app/context.js';
import { AppError } from '../app/errors.js';
import { VERSION } from '../app/version.js';
import type { AdminDimensionJson } from '../http/schemas/admin.js';
import { localesSeen, signUpSources } from '../oauth/activity.repository.js';
import { mayViewDashboard } from './dashboard.policy.js';
import { databaseVersion, statusesBetween, tagExists, tagLanguages, tagUseByDay } from './dashboard.repository.js';
import { type DayPeriod, parsePeriod } from './period.js';

/** The breakdowns this provider gives, in Mastodon's names; instance_* wait for federation and, asked for, are left out as unknown keys are. */
export const DIMENSION_KEYS = ['languages', 'sources', 'servers', 'software_versions', 'tag_servers', 'tag_languages'] as const;
type DimensionKey = (typeof DIMENSION_KEYS)[number];

type Item = AdminDimensionJson['data'][number];

export interface DimensionsInput {
  keys: readonly string[];
  start_at?: string | undefined;
  end_at?: string | undefined;
  limit: number;
  params: Record<string, unknown>;
}

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

async function tagIdOf(ctx: Context, key: string, params: Record<string, unknown>): Promise<number> {
  const raw = (params[key] as { id?: unknown } | undefined)?.id;
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) throw new AppError('bad_request', `${key}[id] is missing or not an id`, { [`${key}[id]`]: [{ error: 'ERR_BLANK', description: 'is required for this dimension' }] });
  if (!(await tagExists(ctx.db, id))) throw new AppError('not_found', 'Tag not found');
  return id;
}

async function items(ctx: Context, key: DimensionKey, p: DayPeriod, limit: number, params: Record<string, unknown>): Promise<Item[]> {
  switch (key) {
    case 'languages':
      return (await localesSeen(ctx.db, p.from, p.until, limit)).map((r) => ({ key: r.locale, human_key: languageName(r.locale), value: String(r.n) }));
    case 'sources':
      return (await signUpSources(ctx.db, p.from, p.until, limit)).map((r) => ({ key: r.app ?? 'web', human_key: r.app ?? 'Website', value: String(r.n) }));
    case 'servers': {
      // Every author is local until federation: one server, this one.
      const n = await statusesBetween(ctx.db, p.from, p.until);
      return n > 0 ? [{ key: ctx.config.provider, human_key: ctx.config.provider, value: String(n) }] : [];
    }
    case 'software_versions': {
      const dbv = await databaseVersion(ctx.db);
      return [
        { key: 'govblog', human_key: 'govblog', value: VERSION, human_value: VERSION },
        { key: 'node', human_key: 'Node.js', value: process.versions.node, human_value: process.versions.node },
        { key: dbv.key, human_key: dbv.name, value: dbv.version, human_value: dbv.version },
      ];
    }
    case 'tag_servers': {
      const uses = (await tagUseByDay(ctx.db, await tagIdOf(ctx, key, params), p.from, p.until)).reduce((n, r) => n + r.uses, 0);
      return uses > 0 ? [{ key: ctx.config.provider, human_key: ctx.config.provider, value: String(uses) }] : [];
    }
    case 'tag_languages':
      return (await tagLanguages(ctx.db, await tagIdOf(ctx, key, params), p.from, p.until, limit)).map((r) => ({ key: r.language, human_key: languageName(r.language), value: String(r.n) }));
  }
}

/** POST /api/v1/admin/dimensions: the top values of each known breakdown over the period. */
export async function retrieveDimensions(ctx: Context, actor: AccountRow, input: DimensionsInput): Promise<AdminDimensionJson[]> {
  authorize(mayViewDashboard(actor), 'Only admins see the dashboard');
  const { period } = parsePeriod(input, ctx.clock.now());
  const keys = [...new Set(input.keys)].filter((k): k is DimensionKey => (DIMENSION_KEYS as readonly string[]).includes(k));
  const out: AdminDimensionJson[] = [];
  for (const key of keys) out.push({ key, data: await items(ctx, key, period, input.limit, input.params) });
  return out;
}
