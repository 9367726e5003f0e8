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
import { CliError } from '../errors.js';

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
}
