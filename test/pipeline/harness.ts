/**
 * A GitLab CI job, in-process: the CLI's `ci` commands run with the variables GitLab
 * sets, against the Zendesk sandbox (through node-zendesk) and the GitLab sandbox
 * (through @gitbeaker/rest). Nothing is stubbed.
 */
import { startGitLabSandbox, type GitLabSandbox, type SandboxNote } from '../../scripts/sandbox/gitlab/server.ts';
import { DEFAULT_CREDENTIALS } from '../../scripts/sandbox/zendesk/server.ts';
import { appliedWorkspace, workspace, type RunResult, type Workspace } from '../integration/harness.ts';

export const GITLAB_TOKEN = 'glpat-pipeline-secret-8c1e2f';
export const JOB_URL = 'https://gitlab.example.com/support/zendesk-config/-/jobs/4242';
export const PIPELINE_URL = 'https://gitlab.example.com/support/zendesk-config/-/pipelines/99';

export interface PipelineWorkspace {
  ws: Workspace;
  gitlab: GitLabSandbox;
  /** The variables a GitLab job gets, with GITLAB_API_TOKEN; `extra` overrides (undefined removes); `args` such as `--config DIR`. */
  ci(job: 'plan' | 'apply' | 'drift', extra?: Record<string, string | undefined>, args?: string[]): Promise<RunResult>;
  /** Non-system notes on a merge request, oldest first. */
  notesOn(mergeRequestIid: number): SandboxNote[];
  /** Someone changes a Zendesk macro by hand, in the UI. */
  editMacroByHand(title: string, changes: Record<string, unknown>): Promise<void>;
  /** Someone creates a Zendesk macro by hand, in the UI. */
  createMacroByHand(macro: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export interface PipelineWorkspaceOptions {
  zendeskApiToken?: string;
  /** Zendesk starts with the sample config/ already applied (appliedWorkspace), as after an earlier merge's apply job. */
  applied?: boolean;
}

export async function pipelineWorkspace(options: PipelineWorkspaceOptions = {}): Promise<PipelineWorkspace> {
  const zendeskApiToken = options.zendeskApiToken ?? DEFAULT_CREDENTIALS.apiToken;
  const sandboxOptions = { credentials: { ...DEFAULT_CREDENTIALS, apiToken: zendeskApiToken } };
  const ws = await (options.applied ? appliedWorkspace(sandboxOptions) : workspace(sandboxOptions));
  const gitlab = await startGitLabSandbox({ token: GITLAB_TOKEN });
  const ciEnv = {
    ZENDESK_API_TOKEN: zendeskApiToken,
    GITLAB_CI: 'true',
    CI_API_V4_URL: gitlab.url,
    CI_PROJECT_ID: String(gitlab.project.id),
    GITLAB_API_TOKEN: gitlab.token,
    CI_JOB_URL: JOB_URL,
    CI_PIPELINE_URL: PIPELINE_URL,
  };
  /** A request as the Zendesk UI would send it, over HTTP. */
  async function byHand(method: 'PUT' | 'POST', path: string, body: object): Promise<void> {
    const credentials = Buffer.from(`${ws.env.ZENDESK_EMAIL}/token:${zendeskApiToken}`).toString('base64');
    const response = await fetch(`${ws.sandbox.url}/api/v2/${path}.json`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Basic ${credentials}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} by hand failed: ${response.status}`);
  }
  return {
    ws,
    gitlab,
    ci: (job, extra = {}, args = []) => ws.run(['ci', job, ...args], { ...ciEnv, ...extra }),
    notesOn: (iid) => gitlab.state().notes.filter((n) => n.noteable_type === 'MergeRequest' && n.noteable_iid === iid && !n.system),
    async editMacroByHand(title, changes) {
      const macro = ws.sandbox.state().collections.macros?.find((m) => m.title === title);
      if (!macro) throw new Error(`no live macro "${title}"`);
      await byHand('PUT', `macros/${macro.id}`, { macro: changes });
    },
    createMacroByHand: (macro) => byHand('POST', 'macros', { macro }),
    async close() {
      await gitlab.close();
      await ws.close();
    },
  };
}
