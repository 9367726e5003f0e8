import type { Command } from 'commander';
import { loadConfig } from '../../app/config.js';
import { type Context, createContext } from '../../app/context.js';
import { AppError } from '../../app/errors.js';
import { ROLES, type Role } from '../../accounts/accounts.table.js';
import { findAccountByUsername } from '../../accounts/accounts.repository.js';
import { createUser, scopesForRole } from '../../accounts/sign-up.js';
import { mintToken } from '../../oauth/tokens.js';
import { presentVerification } from '../../verification/verification.presenter.js';
import { listVerifications } from '../../verification/verifications.repository.js';
import { countJobs, listJobs, requeueDeadJobs } from '../../jobs/jobs.repository.js';
import type { JobState } from '../../jobs/jobs.table.js';
import { CliError } from '../errors.js';
import { readFile } from 'node:fs/promises';
import { addEmoji } from '../../emojis/add-emoji.js';
import { removeEmoji } from '../../emojis/change-emoji.js';
import { presentAdminEmoji } from '../../emojis/emojis.presenter.js';
import { findEmojiByShortcode, listAllEmojis } from '../../emojis/emojis.repository.js';

const JOB_STATES: readonly JobState[] = ['queued', 'running', 'dead'];

async function withDb<T>(db: string, fn: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = await createContext(loadConfig({ db, logLevel: 'silent' }));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

function describe(err: unknown): never {
  if (err instanceof AppError) {
    const fields = err.details ? Object.keys(err.details) : [];
    throw new CliError(fields.length ? `${fields.map((f) => `--${f}`).join(', ')}: ${err.message.replace(/^Validation failed: /, '')}` : err.message, 1);
  }
  throw err;
}

function parsedOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `govblog admin …`: what the provider's operator does from a shell. */
export function registerAdmin(program: Command, out: (line: string) => void = (l) => process.stdout.write(l + '\n')): void {
  const admin = program.command('admin').description("administer a provider's database");

  admin
    .command('create-user')
    .description('create an account and print it with an access token, as one JSON line')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .requiredOption('--username <name>', 'the new username')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--email <email>', 'e-mail address')
    .option('--password <password>', 'a password to sign in with on the web (otherwise token only)')
    .action(async (o: { db: string; username: string; role: string; email?: string; password?: string }) => {
      if (!(ROLES as readonly string[]).includes(o.role)) throw new CliError(`--role: must be one of ${ROLES.join(', ')} (got ${JSON.stringify(o.role)})`, 2);
      const result = await withDb(o.db, (ctx) => createUser(ctx, { username: o.username, role: o.role as Role, email: o.email, password: o.password }).catch(describe));
      out(JSON.stringify(result));
    });

  admin
    .command('token')
    .description('mint a new access token for an account; prints the same JSON line as create-user')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .requiredOption('--username <name>', 'the account')
    .action(async (o: { db: string; username: string }) => {
      const result = await withDb(o.db, async (ctx) => {
        const account = await findAccountByUsername(ctx.db, o.username);
        if (!account) throw new CliError(`--username: no account named ${JSON.stringify(o.username)}`, 1);
        if (account.closed_at) throw new CliError(`--username: account ${o.username} is closed`, 1);
        const token = await mintToken(ctx, ctx.db, { appId: null, accountId: account.id, scopes: scopesForRole(account.role) });
        return { id: String(account.id), username: account.username, role: account.role, access_token: token.access_token };
      });
      out(JSON.stringify(result));
    });

  admin
    .command('pending')
    .description('list pending verification applications, oldest first, one JSON line each')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .action(async (o: { db: string }) => {
      await withDb(o.db, async (ctx) => {
        let after: number | undefined;
        for (;;) {
          const rows = await listVerifications(ctx.db, { state: 'pending', limit: 500, order: 'asc', ...(after !== undefined ? { minId: after } : {}) });
          for (const r of rows) out(JSON.stringify(presentVerification(r, null)));
          if (rows.length < 500) break;
          after = Number(rows[rows.length - 1]?.id);
        }
      });
    });

  admin
    .command('jobs')
    .description('the background job queue: counts by state, then the jobs in --state (dead by default), one JSON line each; --requeue-dead queues dead jobs again')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--state <state>', `one of ${JOB_STATES.join(', ')}`, 'dead')
    .option('--kind <kind>', 'only jobs of this kind (push.deliver…)')
    .option('--limit <n>', 'at most this many jobs listed', '100')
    .option('--requeue-dead', 'queue the dead jobs (of --kind) again with fresh attempts, once their cause is mended')
    .action(async (o: { db: string; state: string; kind?: string; limit: string; requeueDead?: boolean }) => {
      if (!(JOB_STATES as readonly string[]).includes(o.state)) throw new CliError(`--state: must be one of ${JOB_STATES.join(', ')} (got ${JSON.stringify(o.state)})`, 2);
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new CliError(`--limit: must be a whole number from 1 to 100000 (got ${JSON.stringify(o.limit)})`, 2);
      await withDb(o.db, async (ctx) => {
        if (o.requeueDead) {
          const n = await requeueDeadJobs(ctx.db, ctx.clock.now().toISOString(), o.kind);
          out(JSON.stringify({ requeued: n }));
          return;
        }
        out(JSON.stringify({ counts: await countJobs(ctx.db) }));
        for (const j of await listJobs(ctx.db, { state: o.state as JobState, ...(o.kind ? { kind: o.kind } : {}) }, limit)) {
          out(JSON.stringify({ id: String(j.id), kind: j.kind, state: j.state, attempts: Number(j.attempts), max_attempts: Number(j.max_attempts), run_at: j.run_at, last_error: j.last_error, payload: parsedOrRaw(j.payload), created_at: j.created_at, updated_at: j.updated_at }));
        }
      });
    });

  const emoji = admin.command('emoji').description("the provider's custom emojis (images go to the configured media store: GOVBLOG_MEDIA_DIR or S3)");
  emoji
    .command('add <shortcode> <file>')
    .description('add a custom emoji from an image file (PNG, GIF, WebP, JPEG; at most 256 KB), printed as one JSON line')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--category <name>', 'the picker category')
    .option('--hidden', 'usable in texts but not offered in the picker')
    .action(async (shortcode: string, file: string, o: { db: string; category?: string; hidden?: boolean }) => {
      let image: Buffer;
      try {
        image = await readFile(file);
      } catch (err) {
        throw new CliError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 1);
      }
      const row = await withDb(o.db, (ctx) => addEmoji(ctx, null, { shortcode, image, category: o.category, visibleInPicker: !o.hidden }).then((r) => presentAdminEmoji(ctx.config, r)).catch(describe));
      out(JSON.stringify(row));
    });
  emoji
    .command('list')
    .description('every custom emoji, one JSON line each')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .action(async (o: { db: string }) => {
      await withDb(o.db, async (ctx) => {
        for (const e of await listAllEmojis(ctx.db)) out(JSON.stringify(presentAdminEmoji(ctx.config, e)));
      });
    });
  emoji
    .command('remove <shortcode>')
    .description('remove a custom emoji and its files')
    .requiredOption('--db <path|url>', 'SQLite file or postgres:// URL')
    .action(async (shortcode: string, o: { db: string }) => {
      await withDb(o.db, async (ctx) => {
        const row = await findEmojiByShortcode(ctx.db, shortcode);
        if (!row) throw new CliError(`${shortcode}: no such custom emoji`, 1);
        await removeEmoji(ctx, null, Number(row.id)).catch(describe);
        out(JSON.stringify({ removed: shortcode }));
      });
    });
}
