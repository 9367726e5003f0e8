import type { InboxContext } from '@fedify/fedify';
import type { Activity } from '@fedify/vocab';
import type { Context } from '../app/context.js';

/**
 * A handler of one type of incoming activity. Fedify calls it only once the
 * HTTP signature (or object proof) has been verified, from the
 * 'federation.inbox' job, and retries it by INBOX_RETRY if it throws; it
 * must be idempotent (Fedify also skips an activity id it has already seen
 * in that inbox). An activity of a type no listener takes is accepted (202)
 * and ignored.
 */
export interface InboxListener<T extends Activity = Activity> {
  /** The vocabulary class (`Follow`, `Create` … from @fedify/vocab); a subclass's activities reach its superclass's listener too. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type: (new (...args: any[]) => T) & { typeId: URL };
  handle(ctx: Context, inbox: InboxContext<void>, activity: T): Promise<void>;
}

/** Declares a listener with its activity type checked: `inboxListener(Follow, async (ctx, inbox, follow) => …)`. */
export function inboxListener<T extends Activity>(type: InboxListener<T>['type'], handle: InboxListener<T>['handle']): InboxListener {
  return { type, handle } as unknown as InboxListener;
}
