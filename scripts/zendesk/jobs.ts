/**
 * Zendesk's bulk endpoints answer with a job_status and do the work later
 * (reference §12): queued → working → completed (or failed/killed). This polls
 * one job until it ends, backing off, and returns its per-item results.
 */
import type { ZendeskClient } from './client.ts';
import { ZendeskApiError } from './errors.ts';
import { anything, checkAnswer, either, flag, id, integer, list, maybe, object, oneOf, someObject, text, type AnswerOrigin, type Infer } from './shapes.ts';

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

const resultAnswer = object({
  id: maybe(id),
  index: maybe(integer),
  action: maybe(text),
  status: maybe(text),
  success: maybe(flag),
  error: maybe(text),
  // OAS FailedResult says a string; not confirmed on every job type, so anything is read as text.
  details: anything,
});

/** §12 JobStatusObject: `total`, `progress`, `message` and `results` are null while queued; `results` is `{success}` for some jobs. */
const jobAnswer = object({
  job_status: object({
    id: text,
    status: oneOf('queued', 'working', 'failed', 'completed', 'killed'),
    total: maybe(integer),
    progress: maybe(integer),
    message: maybe(text),
    results: maybe(either(list(resultAnswer), someObject)),
  }),
});

/** The job_status in an answer, checked; the `{success}` form of results carries no per-item results, so it reads as none. */
function jobStatusOf(body: unknown, origin: AnswerOrigin): JobStatus {
  const { job_status: job } = checkAnswer(body, jobAnswer, origin);
  const results = Array.isArray(job.results) ? job.results.map(toResultItem) : null;
  return { id: job.id, status: job.status, total: job.total ?? null, progress: job.progress ?? null, message: job.message ?? null, results };
}

function toResultItem(item: Infer<typeof resultAnswer>): JobResultItem {
  const { details, ...rest } = item;
  const result: JobResultItem = {};
  for (const key of ['id', 'index', 'action', 'status', 'success', 'error'] as const) if (rest[key] !== undefined && rest[key] !== null) Object.assign(result, { [key]: rest[key] });
  if (details !== undefined && details !== null) result.details = typeof details === 'string' ? details : JSON.stringify(details);
  return result;
}

/** Starts a bulk request and waits for its job. `sleep` is injectable so tests need not wait. */
export async function runJob(
  client: ZendeskClient,
  start: () => Promise<{ body: unknown }>,
  options: {
    policy?: Partial<PollPolicy>;
    sleep?: (ms: number) => Promise<void>;
    /** The bulk request `start` sends, to name it if its answer holds no job status. */
    request?: { method: string; path: string };
  } = {},
): Promise<JobRun> {
  const policy = { ...DEFAULT_POLL_POLICY, ...options.policy };
  const sleep = options.sleep ?? client.pause;
  const started = await start();
  const request = options.request ?? { method: 'POST', path: 'job_statuses' };
  let job = jobStatusOf(started.body, { ...request, what: 'job status', ...(options.request ? {} : { request: 'the bulk request' }) });
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
      const path = `job_statuses/${job.id}`;
      job = jobStatusOf((await client.get<unknown>(path)).body, { method: 'GET', path, what: 'job status' });
    } catch (error) {
      // §12: a job can briefly 404 right after it was created.
      if (!(error instanceof ZendeskApiError && error.status === 404 && polls <= 3)) throw error;
    }
  }
  return { job, polls };
}
