import { createECDH, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync, statSync } from 'node:fs';
import { plainToHtml } from './html.js';
import { z } from 'zod';

/** Everything the provider needs to start, typed and checked once. */
export interface Config {
  /** Where `serve` listens. */
  port: number;
  host: string;
  /** An SQLite file path, `:memory:`, or a `postgres://` URL. */
  db: string;
  /** The provider's public host name, shown in the API (`weibo.example`). */
  provider: string;
  /** Base URL of the web UI and API as clients reach it. */
  publicUrl: string;
  /** Mastodon's default rate limits, or none (benchmarks, the demo). */
  rateLimit: boolean;
  /** Whether anyone may sign up. */
  registrations: boolean;
  /** Mastodon's `trendable_by_default`: hashtags and statuses trend until a reviewer rejects them; off: only once approved (links always need review). */
  trendableByDefault: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** The census report (JSON) that `GET /api/v1/gov/census/report` and the web dashboard show; null: none. */
  reportPath: string | null;
  /** Seconds a presented account or status stays in this process's cache; 0 turns the cache off. */
  cacheTtl: number;
  /** MiB of presented home timeline pages this process keeps (src/timelines/home-pages.ts); 0 keeps none. */
  homePagesMb: number;
  /** A `redis://` URL: rate limits are counted there, shared by every process; null: in this process. */
  redis: string | null;
  /** `serve` runs this many processes on one port (node:cluster); 1: just this one. */
  workers: number;
  /** Validate every answer strictly against its route's schema, failing the request on a mismatch (tests); off: plain JSON.stringify. */
  checkResponses: boolean;
  /** Tests and the demo only: outgoing requests a remote party asked for (push endpoints) may go to loopback or private addresses, over plain http. */
  allowPrivatePeers: boolean;
  /** The VAPID key pair (base64url: a P-256 public point, its private scalar); null: generated once and kept in the database. */
  vapidPublicKey: string | null;
  vapidPrivateKey: string | null;
  /** Whether `serve` runs the background work (the job queue, scheduled statuses) in its process (its first worker); off when `govblog worker` does it. */
  jobs: boolean;
  /** Jobs one process runs at once. */
  jobConcurrency: number;
  /** Where uploaded media go: a folder (`mediaDir`) or an S3-compatible bucket. */
  mediaStore: 'local' | 's3';
  /** The folder of the local media store (created when first written). */
  mediaDir: string;
  /** Largest image upload accepted, in bytes (Mastodon's 16 MB). */
  mediaSizeLimit: number;
  /** The S3-compatible store (mediaStore `s3`): endpoint URL (empty: AWS), bucket, region, keys, and the public base URL its objects are read at. */
  s3: { endpoint: string | null; bucket: string; region: string; accessKeyId: string; secretAccessKey: string; publicUrl: string } | null;
  /** The instance document's contact e-mail; '' for none. */
  contactEmail: string;
  /** Username of the instance document's contact account; null for none. */
  contactAccount: string | null;
  /** The provider's rules, shown in the instance document and /api/v1/instance/rules. */
  rules: { text: string; hint: string }[];
  /** Where the provider's source code is published (the instance document's `source_url`); '' until configured. */
  sourceUrl: string;
  /** The instance's longer "about" text, privacy policy and terms of service, each from a file (plain text, paragraphs by blank lines); null: not configured. */
  extendedDescription: PolicyText | null;
  privacyPolicy: PolicyText | null;
  termsOfService: PolicyText | null;
  /** Who sees the provider's domain blocks at /api/v1/instance/domain_blocks, and who sees their public reasons (Mastodon's show_domain_blocks, show_domain_blocks_rationale). */
  showDomainBlocks: Disclosure;
  showDomainBlocksRationale: Disclosure;
  /** Mastodon's limited-federation mode: federate only with the domains the admins allow (/api/v1/admin/domain_allows). */
  limitedFederation: boolean;
  /** Whether the provider takes part in ActivityPub federation (WebFinger, actors, inboxes, delivery); off: no federation routes, nothing sent. */
  federation: boolean;
}

export const DISCLOSURES = ['disabled', 'users', 'all'] as const;
/** To whom something is shown: nobody, signed-in users, or everyone. */
export type Disclosure = (typeof DISCLOSURES)[number];

/** A text the instance publishes from a file: its HTML and when the file last changed. */
export interface PolicyText {
  content: string;
  updatedAt: string;
}

/** Reads one of the instance's text files; a problem names the variable and the file. */
function readPolicyText(file: string, variable: string): PolicyText | null {
  if (file === '') return null;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > 200_000) throw new ConfigError([`${variable}: ${file} is longer than 200000 characters`]);
    return { content: plainToHtml(text), updatedAt: statSync(file).mtime.toISOString() };
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError([`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}


/**
 * The rules file: one rule a line, its hint after a tab; blank lines and lines
 * starting with `#` are skipped. Problems name the file and line.
 */
export function parseRules(text: string, file: string): { rules: { text: string; hint: string }[]; problems: string[] } {
  const rules: { text: string; hint: string }[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [rule = '', hint = ''] = line.split('\t');
    if (rule.trim().length > 300 || hint.trim().length > 1000) problems.push(`${file}:${i + 1}: a rule is at most 300 characters, its hint 1000`);
    else rules.push({ text: rule.trim(), hint: hint.trim() });
  });
  if (rules.length > 100) problems.push(`${file}: at most 100 rules`);
  return { rules, problems };
}

export const DEFAULT_REPORT = './data/demo/report.json';

export const DEFAULT_DB = './data/govblog.sqlite';

/** The length of a base64url text once decoded, or -1 if it is not base64url. */
function base64urlBytes(v: string): number {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(v) ? Buffer.from(v, 'base64url').length : -1;
}

/** Whether the public key is the private key's (a pair given by hand, copied in halves). */
function vapidPairMatches(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}
/** Uploaded media, beside the default database. */
export const DEFAULT_MEDIA_DIR = './data/media';

const onOff = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .refine((v) => ['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be on or off')
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));

const schema = z.object({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  db: z
    .string()
    .min(1)
    .refine((v) => !/^[a-z]+:\/\//i.test(v) || /^postgres(ql)?:\/\//i.test(v), 'must be a file path or a postgres:// URL'),
  provider: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d+)?$/i, 'must be a host name like weibo.example'),
  publicUrl: z.string().url().optional(),
  rateLimit: onOff,
  registrations: onOff,
  trendableByDefault: onOff,
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  bodyLimit: z.coerce.number().int().min(1024).max(100 * 1024 * 1024),
  reportPath: z.string().trim().min(1),
  cacheTtl: z.coerce.number().int().min(0).max(86_400),
  homePagesMb: z.coerce.number().int().min(0).max(65_536),
  redis: z
    .string()
    .trim()
    .refine((v) => v === '' || /^rediss?:\/\/[^\s]+$/i.test(v), 'must be a redis:// URL'),
  workers: z.coerce.number().int().min(1).max(64),
  checkResponses: onOff,
  allowPrivatePeers: onOff,
  vapidPublicKey: z.string().trim().refine((v) => v === '' || base64urlBytes(v) === 65, 'must be a base64url P-256 public key (65 bytes)'),
  vapidPrivateKey: z.string().trim().refine((v) => v === '' || base64urlBytes(v) === 32, 'must be a base64url P-256 private key (32 bytes)'),
  jobs: onOff,
  jobConcurrency: z.coerce.number().int().min(1).max(256),
  mediaStore: z.enum(['local', 's3']),
  mediaDir: z.string().trim().min(1),
  mediaSizeLimit: z.coerce.number().int().min(1024).max(1024 * 1024 * 1024),
  s3Endpoint: z.string().trim().refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL'),
  s3Bucket: z.string().trim(),
  s3Region: z.string().trim().min(1),
  s3AccessKeyId: z.string().trim(),
  s3SecretAccessKey: z.string().trim(),
  s3PublicUrl: z.string().trim().refine((v) => v === '' || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL'),
  contactEmail: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v), 'must be an e-mail address'),
  contactAccount: z
    .string()
    .trim()
    .refine((v) => v === '' || /^[A-Za-z0-9_]{1,30}$/.test(v), 'must be a username'),
  rulesFile: z.string().trim(),
  extendedDescriptionFile: z.string().trim(),
  privacyPolicyFile: z.string().trim(),
  termsOfServiceFile: z.string().trim(),
  sourceUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/\S+$/i.test(v), 'must be an http(s) URL'),
  showDomainBlocks: z.enum(DISCLOSURES),
  showDomainBlocksRationale: z.enum(DISCLOSURES),
  limitedFederation: onOff,
  federation: onOff,
});

/** Raw settings as strings: flags win over the environment, which wins over defaults. */
export type RawConfig = Partial<Record<keyof z.input<typeof schema>, string | number | boolean | undefined>>;

const ENV: Record<keyof z.input<typeof schema>, string> = {
  port: 'GOVBLOG_PORT',
  host: 'GOVBLOG_HOST',
  db: 'GOVBLOG_DB',
  provider: 'GOVBLOG_PROVIDER',
  publicUrl: 'GOVBLOG_PUBLIC_URL',
  rateLimit: 'GOVBLOG_RATE_LIMIT',
  registrations: 'GOVBLOG_REGISTRATIONS',
  trendableByDefault: 'GOVBLOG_TRENDABLE_BY_DEFAULT',
  logLevel: 'GOVBLOG_LOG_LEVEL',
  bodyLimit: 'GOVBLOG_BODY_LIMIT',
  reportPath: 'GOVBLOG_REPORT',
  cacheTtl: 'GOVBLOG_CACHE_TTL',
  homePagesMb: 'GOVBLOG_HOME_PAGES_MB',
  redis: 'GOVBLOG_REDIS',
  workers: 'GOVBLOG_WORKERS',
  checkResponses: 'GOVBLOG_CHECK_RESPONSES',
  allowPrivatePeers: 'GOVBLOG_ALLOW_PRIVATE_PEERS',
  vapidPublicKey: 'GOVBLOG_VAPID_PUBLIC_KEY',
  vapidPrivateKey: 'GOVBLOG_VAPID_PRIVATE_KEY',
  jobs: 'GOVBLOG_JOBS',
  jobConcurrency: 'GOVBLOG_JOB_CONCURRENCY',
  mediaStore: 'GOVBLOG_MEDIA_STORE',
  mediaDir: 'GOVBLOG_MEDIA_DIR',
  mediaSizeLimit: 'GOVBLOG_MEDIA_SIZE_LIMIT',
  s3Endpoint: 'GOVBLOG_S3_ENDPOINT',
  s3Bucket: 'GOVBLOG_S3_BUCKET',
  s3Region: 'GOVBLOG_S3_REGION',
  s3AccessKeyId: 'GOVBLOG_S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'GOVBLOG_S3_SECRET_ACCESS_KEY',
  s3PublicUrl: 'GOVBLOG_S3_PUBLIC_URL',
  contactEmail: 'GOVBLOG_CONTACT_EMAIL',
  contactAccount: 'GOVBLOG_CONTACT_ACCOUNT',
  rulesFile: 'GOVBLOG_RULES_FILE',
  extendedDescriptionFile: 'GOVBLOG_EXTENDED_DESCRIPTION_FILE',
  privacyPolicyFile: 'GOVBLOG_PRIVACY_POLICY_FILE',
  termsOfServiceFile: 'GOVBLOG_TERMS_OF_SERVICE_FILE',
  sourceUrl: 'GOVBLOG_SOURCE_URL',
  showDomainBlocks: 'GOVBLOG_SHOW_DOMAIN_BLOCKS',
  showDomainBlocksRationale: 'GOVBLOG_SHOW_DOMAIN_BLOCKS_RATIONALE',
  limitedFederation: 'GOVBLOG_LIMITED_FEDERATION',
  federation: 'GOVBLOG_FEDERATION',
};

const DEFAULTS: Record<keyof z.input<typeof schema>, string | undefined> = {
  port: '3000',
  host: '127.0.0.1',
  db: DEFAULT_DB,
  provider: 'localhost',
  publicUrl: undefined,
  rateLimit: 'on',
  registrations: 'on',
  trendableByDefault: 'off',
  logLevel: 'info',
  bodyLimit: String(1024 * 1024),
  reportPath: DEFAULT_REPORT,
  cacheTtl: '60',
  homePagesMb: '64',
  redis: '',
  workers: '1',
  checkResponses: 'off',
  allowPrivatePeers: 'off',
  vapidPublicKey: '',
  vapidPrivateKey: '',
  jobs: 'on',
  jobConcurrency: '4',
  mediaStore: 'local',
  mediaDir: DEFAULT_MEDIA_DIR,
  mediaSizeLimit: String(16 * 1024 * 1024),
  s3Endpoint: '',
  s3Bucket: '',
  s3Region: 'us-east-1',
  s3AccessKeyId: '',
  s3SecretAccessKey: '',
  s3PublicUrl: '',
  contactEmail: '',
  contactAccount: '',
  rulesFile: '',
  extendedDescriptionFile: '',
  privacyPolicyFile: '',
  termsOfServiceFile: '',
  sourceUrl: '',
  // Mastodon's defaults (config/settings.yml): the list is not shown, nor its reasons.
  showDomainBlocks: 'disabled',
  showDomainBlocksRationale: 'disabled',
  limitedFederation: 'off',
  federation: 'on',
};

/** Flags whose name is not the key in kebab case. */
const FLAG_NAMES: Partial<Record<keyof typeof ENV, string>> = { reportPath: '--report' };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * Builds the config from flags and environment, reporting every problem at
 * once (each naming the flag and the variable) rather than the first.
 */
export function loadConfig(flags: RawConfig = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ENV) as (keyof typeof ENV)[]) {
    const v = flags[key] ?? env[ENV[key]] ?? DEFAULTS[key];
    if (v !== undefined) raw[key] = String(v);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const key = String(i.path[0]) as keyof typeof ENV;
      const flag = FLAG_NAMES[key] ?? '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
      return `${flag} (${ENV[key]}): ${i.message} (got ${JSON.stringify(raw[key])})`;
    });
    throw new ConfigError(problems);
  }
  const { rulesFile, extendedDescriptionFile, privacyPolicyFile, termsOfServiceFile, ...c } = parsed.data;
  const extendedDescription = readPolicyText(extendedDescriptionFile, ENV.extendedDescriptionFile);
  const privacyPolicy = readPolicyText(privacyPolicyFile, ENV.privacyPolicyFile);
  const termsOfService = readPolicyText(termsOfServiceFile, ENV.termsOfServiceFile);
  let rules: { text: string; hint: string }[] = [];
  if (rulesFile !== '') {
    let text: string;
    try {
      text = readFileSync(rulesFile, 'utf8');
    } catch (err) {
      throw new ConfigError([`${ENV.rulesFile}: cannot read ${rulesFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
    }
    const parsedRules = parseRules(text, rulesFile);
    if (parsedRules.problems.length) throw new ConfigError(parsedRules.problems.map((p) => `${ENV.rulesFile}: ${p}`));
    rules = parsedRules.rules;
  }
  if (c.workers > 1 && c.rateLimit && c.redis === '') {
    throw new ConfigError([
      `--workers (${ENV.workers}): ${c.workers} processes would each keep their own rate limits; give --redis (${ENV.redis}) to share them, or --rate-limit off`,
    ]);
  }
  if ((c.vapidPublicKey === '') !== (c.vapidPrivateKey === '')) {
    throw new ConfigError([`${ENV.vapidPublicKey} and ${ENV.vapidPrivateKey}: give both keys of the pair, or neither (one is generated and kept in the database)`]);
  }
  if (c.vapidPublicKey !== '' && c.vapidPrivateKey !== '' && !vapidPairMatches(c.vapidPublicKey, c.vapidPrivateKey)) {
    throw new ConfigError([`${ENV.vapidPublicKey}: is not the public key of ${ENV.vapidPrivateKey}`]);
  }
  if (c.mediaStore === 's3') {
    const missing = (['s3Bucket', 's3AccessKeyId', 's3SecretAccessKey', 's3PublicUrl'] as const).filter((k) => c[k] === '');
    if (missing.length > 0) throw new ConfigError(missing.map((k) => `${ENV[k]}: required with ${ENV.mediaStore}=s3`));
  }
  const shownHost = c.host === '0.0.0.0' || c.host === '::' ? '127.0.0.1' : c.host;
  const { s3Endpoint, s3Bucket, s3Region, s3AccessKeyId, s3SecretAccessKey, s3PublicUrl, ...rest } = c;
  return {
    ...rest,
    s3: c.mediaStore === 's3' ? { endpoint: s3Endpoint || null, bucket: s3Bucket, region: s3Region, accessKeyId: s3AccessKeyId, secretAccessKey: s3SecretAccessKey, publicUrl: s3PublicUrl.replace(/\/$/, '') } : null,
    rules,
    extendedDescription,
    privacyPolicy,
    termsOfService,
    contactAccount: c.contactAccount === '' ? null : c.contactAccount,
    redis: c.redis === '' ? null : c.redis,
    vapidPublicKey: c.vapidPublicKey === '' ? null : c.vapidPublicKey,
    vapidPrivateKey: c.vapidPrivateKey === '' ? null : c.vapidPrivateKey,
    publicUrl: (c.publicUrl ?? `http://${shownHost}:${c.port}`).replace(/\/$/, ''),
  };
}

/** A config for tests and embedded use: in-memory SQLite, no rate limits unless asked. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    db: ':memory:',
    provider: 'test.example',
    publicUrl: 'http://test.example',
    rateLimit: false,
    registrations: true,
    trendableByDefault: false,
    logLevel: 'silent',
    bodyLimit: 1024 * 1024,
    reportPath: null,
    cacheTtl: 60,
    homePagesMb: 64,
    redis: null,
    workers: 1,
    checkResponses: true,
    allowPrivatePeers: false,
    vapidPublicKey: null,
    vapidPrivateKey: null,
    jobs: true,
    jobConcurrency: 4,
    mediaStore: 'local',
    // A folder of its own per test context, made only if something is uploaded.
    mediaDir: join(tmpdir(), `govblog-test-media-${process.pid}-${randomBytes(6).toString('hex')}`),
    mediaSizeLimit: 16 * 1024 * 1024,
    s3: null,
    contactEmail: '',
    contactAccount: null,
    rules: [],
    sourceUrl: '',
    extendedDescription: null,
    privacyPolicy: null,
    termsOfService: null,
    showDomainBlocks: 'disabled',
    showDomainBlocksRationale: 'disabled',
    limitedFederation: false,
    federation: false,
    ...overrides,
  };
}
