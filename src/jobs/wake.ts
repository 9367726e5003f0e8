import pg from 'pg';
import type { Logger } from 'pino';

/** The channel a PostgreSQL transaction that queued jobs notifies on (delivered at its commit, never on rollback). */
export const JOBS_CHANNEL = 'govblog_jobs';

/**
 * Runners in other processes on the same PostgreSQL database (`govblog
 * worker`, serve's worker 0 when a request came to another) hear of new jobs
 * at once: the enqueuing transaction NOTIFYs, and this LISTENs. A lost
 * connection reconnects; meanwhile, and on SQLite, the poll finds the jobs.
 */
export function listenForJobs(url: string, wake: () => void, log: Logger): { close(): Promise<void> } {
  let closed = false;
  let client: pg.Client | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === JOBS_CHANNEL) wake();
    });
    c.on('error', (err) => {
      log.warn({ err }, 'jobs: lost the LISTEN connection; polling until it is back');
      client = null;
      c.end().catch(() => {});
      if (!closed) setTimeout(() => void connect().catch(() => {}), 1000).unref();
    });
    await c.connect();
    await c.query(`listen ${JOBS_CHANNEL}`);
    if (closed) await c.end();
    else client = c;
  };
  void connect().catch((err: unknown) => {
    log.warn({ err }, 'jobs: could not LISTEN for new jobs; polling only');
  });
  return {
    async close() {
      closed = true;
      await client?.end().catch(() => {});
    },
  };
}
