import type { Context } from '../app/context.js';
import { authorize } from '../app/authorize.js';
import { AppError, fieldError } from '../app/errors.js';
import type { AccountRow } from '../accounts/accounts.repository.js';
import { creditCodeProblem, normalizeCreditCode } from '../domain/credit-code.js';
import { hasInvisibleControls } from '../domain/invisible.js';
import { EVIDENCE_LIMITS, LIMITS } from '../domain/limits.js';
import { type AccountKind, type Level, LEVELS, type OrganKind, PROVINCES, type Rank, RANKS } from '../domain/taxonomy.js';
import { recordAudit } from '../audit/audit.repository.js';
import { loadGovProfiles } from './gov-profiles.repository.js';
import { mayApply } from './verification.policy.js';
import { type VerificationRow, hasPendingVerification, insertVerification } from './verifications.repository.js';
import { transaction } from '../app/transaction.js';
import { attachEvidence, findOwnEvidenceFiles } from './evidence.repository.js';

export interface ApplyInput {
  /** When given, must be the applicant's own id. */
  account_id?: string | undefined;
  kind: AccountKind;
  organ_name: string;
  /** The account name asked for, when it is not the organ's name (济南公安 for 济南市公安局). */
  account_name?: string | null | undefined;
  organ: OrganKind;
  public_security: boolean;
  level: Level;
  region_code?: string | null | undefined;
  credit_code?: string | null | undefined;
  position?: string | null | undefined;
  rank?: Rank | null | undefined;
  verification: string;
  evidence: string;
  /**
   * Evidence files uploaded by the applicant (POST /api/v1/gov/verifications/evidence), in order; a
   * re-application may name those of an earlier application again.
   */
  evidence_file_ids?: readonly string[] | undefined;
  /** Individuals: the verified organ account they serve in. */
  organ_account_id?: string | null | undefined;
}

/** The highest rank band a post at each level can carry (CONTRACT §3's table). */
const TOP_RANK_AT: Record<Level, Rank> = {
  national: 'ministerial',
  provincial: 'ministerial',
  prefectural: 'bureau',
  county: 'division',
  township: 'section',
};

const CREDIT_PROBLEMS = {
  length: 'must be 18 characters',
  alphabet: 'may only use digits and the letters A–Y without I, O, S, V, Z',
  check: 'has a wrong check character (GB 32100-2015)',
} as const;

// C0 and C1 controls, and what hasInvisibleControls finds: a display name is one line that reads as it is.
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F]/u;

/**
 * Why a name cannot be a verified account's display name (1 to
 * LIMITS.displayNameMax characters, no control or invisible characters), or
 * null when it can. The name is taken trimmed.
 */
export function verifiedNameProblem(name: string): string | null {
  const n = name.trim();
  if (n.length === 0) return "can't be blank";
  if ([...n].length > LIMITS.displayNameMax) return `is too long (maximum is ${LIMITS.displayNameMax} characters)`;
  if (CONTROL_CHARACTERS.test(n) || hasInvisibleControls(n)) return 'may not contain control, zero-width or bidirectional characters';
  return null;
}

/** Checks that need the application alone; each names its field. */
export function checkApplication(input: ApplyInput): { province: string | null; regionCode: string | null; creditCode: string | null } {
  // What a verification puts beside a badge must read as it is.
  for (const field of ['organ_name', 'position', 'verification'] as const) {
    if (hasInvisibleControls(input[field] ?? '')) throw fieldError(field, 'ERR_INVALID', 'may not contain zero-width or bidirectional control characters', 'invisible_characters');
  }
  const accountName = input.account_name?.trim() || null;
  if (accountName !== null) {
    const problem = verifiedNameProblem(accountName);
    if (problem) throw fieldError('account_name', problem.startsWith('is too long') ? 'ERR_TOO_LONG' : 'ERR_INVALID', problem);
  }
  let regionCode: string | null = input.region_code?.trim() || null;
  if (regionCode === '000000' || regionCode === '100000') regionCode = null;
  if (regionCode !== null && !/^\d{6}$/.test(regionCode)) throw fieldError('region_code', 'ERR_INVALID', 'must be a six-digit GB/T 2260 code', 'region_code_format');
  const province = regionCode ? regionCode.slice(0, 2) : null;
  if (province !== null && !(province in PROVINCES)) throw fieldError('region_code', 'ERR_INVALID', `names no province (${province})`, { reason: 'region_code_province', params: { province } });
  if (input.level !== 'national' && regionCode === null) throw fieldError('region_code', 'ERR_BLANK', `is required for a ${input.level} organ`);
  if (input.level === 'provincial' && regionCode !== null && !regionCode.endsWith('0000'))
    throw fieldError('region_code', 'ERR_INVALID', 'a provincial organ takes a province code (XX0000)', 'region_code_provincial');
  if (input.public_security && input.organ !== 'government')
    throw fieldError('public_security', 'ERR_INVALID', 'the police system belongs to organ kind government', 'police_kind');

  let creditCode: string | null = null;
  if (input.kind === 'institutional') {
    if (!input.credit_code) throw fieldError('credit_code', 'ERR_BLANK', "can't be blank for an institution");
    const problem = creditCodeProblem(input.credit_code);
    if (problem) throw fieldError('credit_code', 'ERR_INVALID', CREDIT_PROBLEMS[problem], `credit_code_${problem}`);
    creditCode = normalizeCreditCode(input.credit_code);
    if (input.rank) throw fieldError('rank', 'ERR_INVALID', 'applies to individuals only', 'rank_individual_only');
  } else {
    if (!input.position?.trim()) throw fieldError('position', 'ERR_BLANK', "can't be blank for an individual");
    if (!input.rank) throw fieldError('rank', 'ERR_BLANK', "can't be blank for an individual");
    if (RANKS.indexOf(input.rank) < RANKS.indexOf(TOP_RANK_AT[input.level]))
      throw fieldError('rank', 'ERR_INVALID', `${input.rank} is above any post at ${input.level} level`, { reason: 'rank_above_level', params: { rank: input.rank, level: input.level } });
    if (input.credit_code) {
      const problem = creditCodeProblem(input.credit_code);
      if (problem) throw fieldError('credit_code', 'ERR_INVALID', CREDIT_PROBLEMS[problem], `credit_code_${problem}`);
      creditCode = normalizeCreditCode(input.credit_code);
    }
  }
  if (!LEVELS.includes(input.level)) throw fieldError('level', 'ERR_INVALID', 'is not a level');
  return { province, regionCode, creditCode };
}

/** POST /api/v1/gov/verifications: an account applies to be verified as an organ or an official. */
export async function applyForVerification(ctx: Context, actor: AccountRow, input: ApplyInput): Promise<VerificationRow> {
  if (input.account_id !== undefined) authorize(mayApply(actor, Number(input.account_id)), 'An account may only apply for itself');
  const { province, regionCode, creditCode } = checkApplication(input);

  let organAccountId: number | null = null;
  if (input.kind === 'individual' && input.organ_account_id) {
    organAccountId = Number(input.organ_account_id);
    if (organAccountId === Number(actor.id)) throw fieldError('organ_account_id', 'ERR_INVALID', 'must be another account: an organ cannot vouch for itself', 'vouch_self');
    const organ = (await loadGovProfiles(ctx.db, [organAccountId])).get(organAccountId);
    if (!organ || organ.kind !== 'institutional')
      throw fieldError('organ_account_id', 'ERR_INVALID', 'must be a verified institutional account', 'organ_not_verified');
  }

  const fileIds = await checkEvidenceFiles(ctx, actor, input.evidence_file_ids ?? []);

  const now = ctx.clock.now().toISOString();
  return transaction(ctx, async (trx) => {
    if (await hasPendingVerification(trx, Number(actor.id))) throw new AppError('conflict', 'An application of this account is already pending');
    const row = await insertVerification(trx, {
      account_id: actor.id,
      kind: input.kind,
      organ_name: input.organ_name.trim(),
      account_name: input.account_name?.trim() || null,
      organ: input.organ,
      public_security: input.public_security ? 1 : 0,
      level: input.level,
      region_code: regionCode,
      province,
      credit_code: creditCode,
      position: input.kind === 'individual' ? (input.position?.trim() ?? null) : (input.position?.trim() || null),
      rank: input.kind === 'individual' ? (input.rank ?? null) : null,
      verification_text: input.verification.trim(),
      evidence: input.evidence.trim(),
      organ_account_id: organAccountId,
      state: 'pending',
      reason: null,
      reviewer_id: null,
      decided_at: null,
      created_at: now,
      updated_at: now,
    });
    await attachEvidence(trx, Number(row.id), fileIds);
    await recordAudit(trx, { actorId: actor.id, action: 'verification.apply', subjectType: 'verification', subjectId: row.id, at: now });
    return row;
  });
}

/**
 * The evidence files an application names: at most EVIDENCE_LIMITS.filesMax,
 * each once, each uploaded by the applicant itself (another account's file is
 * refused as unknown, so that its existence is not told).
 */
async function checkEvidenceFiles(ctx: Context, actor: AccountRow, ids: readonly string[]): Promise<number[]> {
  if (ids.length > EVIDENCE_LIMITS.filesMax)
    throw fieldError('evidence_file_ids', 'ERR_TOO_MANY', `may name at most ${EVIDENCE_LIMITS.filesMax} files`, { reason: 'evidence_too_many', params: { count: EVIDENCE_LIMITS.filesMax } });
  const numbers = ids.map(Number);
  if (new Set(numbers).size !== numbers.length) throw fieldError('evidence_file_ids', 'ERR_INVALID', 'names a file twice');
  const own = new Set((await findOwnEvidenceFiles(ctx.db, Number(actor.id), numbers)).map((f) => Number(f.id)));
  if (numbers.some((n) => !own.has(n))) throw fieldError('evidence_file_ids', 'ERR_INVALID', 'names a file that was not found', 'evidence_unknown');
  return numbers;
}
