import type { Context } from '../app/context.js';
import type { ActingCaller } from '../audit/record-operator-act.js';
import { findAppById } from '../oauth/oauth.repository.js';
import type { Poster } from './create-status.js';

/** The poster behind a signed-in caller: the account, the operator, and the name of the app its token belongs to. */
export async function posterFor(ctx: Context, caller: ActingCaller & { appId: number | null }): Promise<Poster> {
  const app = caller.appId === null ? undefined : await findAppById(ctx.db, caller.appId);
  return { account: caller.account, operator: caller.operator, appName: app?.name ?? null };
}
