import type { Generated } from 'kysely';

/** queued: waiting for run_at; running: claimed, leased until run_at; dead: out of attempts, kept for inspection. */
export type JobState = 'queued' | 'running' | 'dead';

/** One unit of background work (src/jobs/). A job that succeeds is deleted. */
export interface JobsTable {
  id: Generated<number>;
  /** Which handler runs it (`push.deliver`…). */
  kind: string;
  /** The handler's input, JSON. */
  payload: string;
  state: JobState;
  /** Attempts started so far, the running one included. */
  attempts: Generated<number>;
  max_attempts: number;
  /** Queued: when it is due. Running: when its lease ends and another worker may take it again. */
  run_at: string;
  /** The claim that holds it while running: only that claim may finish or fail it. */
  claim: string | null;
  /** Why the last attempt failed. */
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
