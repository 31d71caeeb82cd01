/**
 * Zendesk's bulk endpoints answer with a job_status and do the work later
 * (reference §12): queued → working → completed (or failed/killed). This polls
 * one job until it ends, backing off, and returns its per-item results.
 */
import type { ZendeskClient } from './client.ts';
import { ZendeskApiError } from './errors.ts';

export interface JobStatus {
  id: string;
  status: 'queued' | 'working' | 'failed' | 'completed' | 'killed';
  total: number | null;
  progress: number | null;
  message: string | null;
  results: JobResultItem[] | null;
}

/** §12: successes carry id (+ action/status); failures success:false with error and details, and index or id. */
export interface JobResultItem {
  id?: number | string;
  index?: number;
  action?: string;
  status?: string;
  success?: boolean;
  error?: string;
  details?: string;
}

export interface PollPolicy {
  firstDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** Give up (the job may still finish; a re-run will see its result) after this long. */
  timeoutMs: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = { firstDelayMs: 250, factor: 1.6, maxDelayMs: 5_000, timeoutMs: 10 * 60_000 };

export interface JobRun {
  job: JobStatus;
  polls: number;
}

const TERMINAL = new Set(['completed', 'failed', 'killed']);

/** Starts a bulk request and waits for its job. `sleep` is injectable so tests need not wait. */
export async function runJob(
  client: ZendeskClient,
  start: () => Promise<{ body: { job_status?: JobStatus } }>,
  options: { policy?: Partial<PollPolicy>; sleep?: (ms: number) => Promise<void> } = {},
): Promise<JobRun> {
  const policy = { ...DEFAULT_POLL_POLICY, ...options.policy };
  const sleep = options.sleep ?? client.pause;
  const started = await start();
  let job = started.body?.job_status;
  if (!job?.id) throw new Error('Zendesk accepted the bulk request but returned no job_status');
  let polls = 0;
  let delay = policy.firstDelayMs;
  let waited = 0;
  while (!TERMINAL.has(job.status)) {
    if (waited >= policy.timeoutMs) throw new Error(`job ${job.id} still ${job.status} after ${Math.round(waited / 1000)}s`);
    await sleep(delay);
    waited += delay;
    delay = Math.min(policy.maxDelayMs, Math.round(delay * policy.factor));
    polls++;
    try {
      job = (await client.get<{ job_status: JobStatus }>(`job_statuses/${job.id}`)).body.job_status;
    } catch (error) {
      // §12: a job can briefly 404 right after it was created.
      if (!(error instanceof ZendeskApiError && error.status === 404 && polls <= 3)) throw error;
    }
  }
  return { job, polls };
}
