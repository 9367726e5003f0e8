import type { Context } from '../app/context.js';
import { allDomainAllows, allDomainBlocks } from './domain-moderation.repository.js';
import type { DomainBlockSeverity } from './domain-moderation.table.js';
import { hostVariants, lookupHost } from './domain-name.js';

/**
 * The decisions that the provider's domain blocks and allows make, in one
 * place for everything that meets another host: the link-preview fetcher now,
 * federation (accounts, inboxes, deliveries) when it lands. Each takes a host
 * as met (`Social.Example:8443` too) and answers from this process's copy of
 * the blocks, read at most once per TTL_MS and forgotten when a change here
 * commits (forgetDomainRules).
 */

/** One block as the decisions read it. */
export interface DomainRule {
  id: number;
  domain: string;
  severity: DomainBlockSeverity;
  rejectMedia: boolean;
  rejectReports: boolean;
}

/** What the decisions consult: blocks by domain, allowed hosts. */
export interface DomainRules {
  blocks: ReadonlyMap<string, DomainRule>;
  allows: ReadonlySet<string>;
}

/** How long a process trusts its copy: another process's change takes effect within this. */
const TTL_MS = 10_000;

const copies = new WeakMap<object, { at: number; rules: DomainRules }>();

/** Drops this process's copy for the database: the next decision reads the tables again. */
export function forgetDomainRules(db: Context['db']): void {
  copies.delete(db);
}

/** The rules in force, from the copy while it is fresh. */
export async function loadDomainRules(ctx: Context): Promise<DomainRules> {
  const now = ctx.clock.now().getTime();
  const hit = copies.get(ctx.db);
  if (hit && now - hit.at < TTL_MS) return hit.rules;
  const [blocks, allows] = await Promise.all([allDomainBlocks(ctx.db), allDomainAllows(ctx.db)]);
  const rules: DomainRules = {
    blocks: new Map(blocks.map((b) => [b.domain, { id: Number(b.id), domain: b.domain, severity: b.severity, rejectMedia: b.reject_media === 1, rejectReports: b.reject_reports === 1 }])),
    allows: new Set(allows),
  };
  copies.set(ctx.db, { at: now, rules });
  return rules;
}

/**
 * The block that governs a host: the one on the host itself or on its nearest
 * parent domain (a block on `example.com` covers `mail.example.com`, the
 * longest match wins), as Mastodon's DomainBlock.rule_for. Null: none, or the
 * host is no host name.
 */
export function ruleFor(rules: DomainRules, host: string): DomainRule | null {
  const normal = lookupHost(host);
  if (normal === null) return null;
  for (const name of hostVariants(normal)) {
    const rule = rules.blocks.get(name);
    if (rule) return rule;
  }
  return null;
}

/** Whether the host is on the allow list: that host exactly, as Mastodon's DomainAllow.rule_for. */
export function allowedBy(rules: DomainRules, host: string): boolean {
  const normal = lookupHost(host);
  return normal !== null && rules.allows.has(normal);
}

/** The block governing the host, or null. */
export async function domainRuleFor(ctx: Context, host: string): Promise<DomainRule | null> {
  return ruleFor(await loadDomainRules(ctx), host);
}

/** The severity of the block governing the host (`silence`, `suspend`, `noop`), or null when none does. */
export async function domainSeverity(ctx: Context, host: string): Promise<DomainBlockSeverity | null> {
  return (await domainRuleFor(ctx, host))?.severity ?? null;
}

/** Suspended: nothing is fetched from the host or delivered to it, its accounts are cut off. */
export async function isDomainSuspended(ctx: Context, host: string): Promise<boolean> {
  return (await domainSeverity(ctx, host)) === 'suspend';
}

/** Media from the host are not fetched (reject_media, or a suspension, which takes everything). */
export async function rejectsMedia(ctx: Context, host: string): Promise<boolean> {
  const rule = await domainRuleFor(ctx, host);
  return rule !== null && (rule.rejectMedia || rule.severity === 'suspend');
}

/** Reports from the host's accounts are not taken (reject_reports, or a suspension). */
export async function rejectsReports(ctx: Context, host: string): Promise<boolean> {
  const rule = await domainRuleFor(ctx, host);
  return rule !== null && (rule.rejectReports || rule.severity === 'suspend');
}

/**
 * Whether the provider federates with the host at all: not when a suspension
 * covers it, and in limited-federation mode only when it is allowed.
 */
export function federatesWith(rules: DomainRules, limitedFederation: boolean, host: string): boolean {
  if (ruleFor(rules, host)?.severity === 'suspend') return false;
  return !limitedFederation || allowedBy(rules, host);
}

export async function mayFederateWith(ctx: Context, host: string): Promise<boolean> {
  return federatesWith(await loadDomainRules(ctx), ctx.config.limitedFederation, host);
}

/** The parts of a block that say how strict it is. */
export type Strictness = Pick<DomainRule, 'severity' | 'rejectMedia' | 'rejectReports'>;

/**
 * Whether a block is stricter than another, as Mastodon's
 * DomainBlock#stricter_than?: a suspension always is; else it may not be
 * milder in severity, and refuses at least what the other refuses.
 */
export function stricterThan(a: Strictness, b: Strictness): boolean {
  if (a.severity === 'suspend') return true;
  if (b.severity === 'suspend') return false;
  if (b.severity === 'silence' && a.severity === 'noop') return false;
  return (a.rejectMedia || !b.rejectMedia) && (a.rejectReports || !b.rejectReports);
}
