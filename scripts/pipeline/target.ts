/**
 * Which GitLab project to write to, from the environment a GitLab CI job gets
 * (../shared/reference/gitlab-api.md §3.4): CI_API_V4_URL and CI_PROJECT_ID, plus
 * GITLAB_API_TOKEN, a project access token with the api scope, because CI_JOB_TOKEN
 * cannot write notes or issues (§1.1). Messages name variables, never their values.
 */
import { readDuration } from '../workflow/durations.ts';
import { CommandError, type CommandIO } from '../workflow/io.ts';
import { requireEncryption } from '../workflow/target.ts';
import { retryNotice } from '../workflow/progress.ts';
import { GitLabClient } from '../gitlab/client.ts';
import { DEFAULT_RETRY_POLICY } from '../gitlab/retry.ts';
import type { NoteContext } from '../render/gitlab.ts';

export const DEFAULT_API_URL = 'https://gitlab.com/api/v4';
/** Seconds (or 90s, 2m) one GitLab request may take; default 60 s. */
export const GITLAB_REQUEST_TIMEOUT = 'GITLAB_REQUEST_TIMEOUT';

export type GitLabTarget =
  | { kind: 'ready'; apiUrl: string; projectId: string; token: string }
  /** `required`: inside a GitLab CI job, where not posting defeats the job's purpose. */
  | { kind: 'missing'; reason: string; required: boolean };

export function readGitLabTarget(env: Record<string, string | undefined>): GitLabTarget {
  const apiUrl = gitLabApiUrl(env);
  const projectId = env.CI_PROJECT_ID?.trim();
  const token = env.GITLAB_API_TOKEN?.trim();
  const inCi = env.GITLAB_CI === 'true';
  if (!projectId) {
    return { kind: 'missing', required: inCi, reason: 'CI_PROJECT_ID is not set (GitLab sets it in every CI job; this looks like a local run)' };
  }
  if (!token) {
    return {
      kind: 'missing',
      required: inCi,
      reason: 'GITLAB_API_TOKEN is not set; add a project access token with the api scope as a masked CI/CD variable (CI_JOB_TOKEN cannot write notes or issues)',
    };
  }
  return { kind: 'ready', apiUrl, projectId, token };
}

/** CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4; gitlab.com when unset. */
export function gitLabApiUrl(env: Record<string, string | undefined>): string {
  const value = env.CI_API_V4_URL?.trim() || DEFAULT_API_URL;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new CommandError('CI_API_V4_URL is not a URL; expected something like https://gitlab.example.com/api/v4');
  }
  if (parsed.username || parsed.password) throw new CommandError('CI_API_V4_URL must not contain credentials; put the token in GITLAB_API_TOKEN');
  requireEncryption(parsed, 'CI_API_V4_URL', 'https://gitlab.example.com/api/v4');
  const url = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  if (!url.endsWith('/api/v4')) throw new CommandError(`CI_API_V4_URL must end with /api/v4 (got ${url})`);
  return url;
}

/**
 * A client for the job, or null after saying why nothing is posted. Inside GitLab CI
 * a missing variable is an error instead: the merge request or the drift issue would
 * silently stay out of date.
 */
export function gitLabClientFor(io: CommandIO, what: string): GitLabClient | null {
  const target = readGitLabTarget(io.env);
  if (target.kind === 'missing') {
    if (target.required) throw new CommandError(`cannot post ${what} to GitLab: ${target.reason}.`);
    io.stderr(`Not posting ${what} to GitLab: ${target.reason}.\n`);
    return null;
  }
  const requestTimeoutMs = readDuration(io.env, GITLAB_REQUEST_TIMEOUT, DEFAULT_RETRY_POLICY.requestTimeoutMs);
  return new GitLabClient({ apiUrl: target.apiUrl, projectId: target.projectId, token: target.token, onRetry: retryNotice(io), retry: { requestTimeoutMs }, sleep: io.sleep });
}

/** Links the notes carry back to this job: its commit, its pipeline, its plan.md artifact. */
export function noteContext(env: Record<string, string | undefined>): NoteContext {
  const jobUrl = env.CI_JOB_URL?.trim().replace(/\/+$/, '');
  return {
    // In a merged-results pipeline CI_COMMIT_SHA is GitLab's temporary merge commit;
    // reviewers know the source branch head, which GitLab gives as
    // CI_MERGE_REQUEST_SOURCE_BRANCH_SHA there (empty in every other pipeline).
    commitSha: env.CI_MERGE_REQUEST_SOURCE_BRANCH_SHA?.trim() || env.CI_COMMIT_SHA?.trim() || undefined,
    pipelineUrl: env.CI_PIPELINE_URL?.trim() || undefined,
    // GitLab serves a job's artifact file at <job URL>/artifacts/file/<path>.
    planArtifactUrl: jobUrl ? `${jobUrl}/artifacts/file/plan.md` : undefined,
  };
}
