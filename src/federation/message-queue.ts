import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Context } from '../app/context.js';
import { enqueueNow } from '../jobs/enqueue.js';

/** The job kinds Fedify's three queues run as, kept apart so that a backlog of deliveries never holds up incoming activities. */
export const FEDERATION_JOB_KINDS = { inbox: 'federation.inbox', outbox: 'federation.outbox', fanout: 'federation.fanout' } as const;
export type FederationQueueName = keyof typeof FEDERATION_JOB_KINDS;

/**
 * Attempts of one federation job. Retrying is Fedify's (its retry policies,
 * src/federation/retry.ts): a failed delivery or inbox activity is queued
 * again by Fedify as a new job with its delay, and the job that failed ends
 * well. These attempts only cover a worker that died mid-job (kill -9): its
 * lease runs out and another worker runs the same message again.
 */
export const FEDERATION_JOB_ATTEMPTS = 3;

type Handler = (message: unknown) => Promise<void> | void;

/**
 * One of Fedify's queues over our durable job queue (src/jobs/): a message is
 * a job of this kind, its payload the message (Fedify's messages are plain
 * JSON). The job runner, not Fedify, pulls the jobs; `listen` only says
 * which handler runs them (`deliver`). Ordering keys are not honoured: jobs
 * of a kind run in due order, several at once.
 */
export class JobMessageQueue implements MessageQueue {
  /** Fedify retries (src/federation/retry.ts); the job queue only re-runs what a dead worker left. */
  readonly nativeRetrial = false;
  #handler: Handler | null = null;
  #waiting: (() => void)[] = [];

  constructor(
    private readonly ctx: Pick<Context, 'db' | 'clock' | 'dialect'>,
    readonly kind: string,
  ) {}

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const now = this.ctx.clock.now();
    const delayMs = options?.delay ? Math.max(0, options.delay.total({ unit: 'millisecond' })) : 0;
    const runAt = new Date(now.getTime() + delayMs);
    await enqueueNow(
      this.ctx as Context,
      messages.map((payload) => ({ kind: this.kind, payload, runAt, maxAttempts: FEDERATION_JOB_ATTEMPTS })),
    );
  }

  listen(handler: Handler, options: MessageQueueListenOptions = {}): Promise<void> {
    this.#handler = handler;
    for (const w of this.#waiting.splice(0)) w();
    return new Promise<void>((resolve) => {
      options.signal?.addEventListener('abort', () => {
        if (this.#handler === handler) this.#handler = null;
        resolve();
      });
    });
  }

  /** Whether Fedify listens on this queue yet. */
  get listening(): boolean {
    return this.#handler !== null;
  }

  /** Resolves once Fedify listens (startQueue has run), or rejects after `timeoutMs`. */
  async whenListening(timeoutMs = 5000): Promise<void> {
    if (this.#handler) return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`federation: nobody listens on ${this.kind}`)), timeoutMs);
      this.#waiting.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** Runs one message through Fedify's handler (called by the job runner). */
  async deliver(message: unknown): Promise<void> {
    await this.whenListening();
    await (this.#handler as Handler)(message);
  }
}
