import type { Context } from '../../app/context.js';
import { publishDueStatuses } from './publish-due.js';

/** Posts due scheduled statuses every `everyMs` while the provider runs. Runs never overlap. */
export function startScheduler(ctx: Context, everyMs = 10_000): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    publishDueStatuses(ctx)
      .catch((err: unknown) => ctx.log.error({ err }, 'scheduled statuses could not be published'))
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
