import type { Context } from '../app/context.js';
import { afterCommitWith } from '../app/transaction.js';
import type { Executor } from '../db/database.js';
import { type EventBus, createEventBus } from './bus.js';
import type { StreamEvent } from './events.js';
import { StreamHub } from './hub.js';

/** The streaming API's part of a process: the bus events travel on, and the hub of the streams open here. */
export interface Streaming {
  bus: EventBus;
  hub: StreamHub;
  close(): Promise<void>;
}

export function createStreaming(ctx: Context): Streaming {
  const bus = createEventBus(ctx.config, ctx.db, ctx.dialect, ctx.log);
  const hub = new StreamHub(ctx, bus);
  return {
    bus,
    hub,
    async close() {
      hub.closeAll();
      await bus.close();
    },
  };
}

/**
 * Called by a write function inside `transaction(ctx, …)`: the event goes to
 * the streams once the transaction has committed (never if it rolls back), so
 * that every process reading it finds what it names.
 */
export function publishAfterCommit(db: Executor, event: StreamEvent): void {
  afterCommitWith(db, (ctx) => ctx.streaming.bus.publish([event]));
}
