/**
 * The Salesforce sync end to end, in-process: `ci sf-sync` and `ci sf-check` through the CLI,
 * jsforce against the Salesforce sandbox (salesforceSeed()), node-zendesk against the Zendesk
 * sandbox (the default seed plus the organizations the Salesforce seed expects), and
 * @gitbeaker/rest against the GitLab sandbox. Nothing is stubbed; no run sleeps.
 */
import { startGitLabSandbox, type GitLabSandbox } from '../../scripts/sandbox/gitlab/server.ts';
import { startSalesforceSandbox, type SalesforceSandbox } from '../../scripts/sandbox/salesforce/server.ts';
import { salesforceZendeskSeed } from '../../scripts/sandbox/zendesk/salesforce-seed.ts';
import { workspace, type RunResult, type Workspace } from '../integration/harness.ts';

export const GITLAB_TOKEN = 'glpat-salesforce-report-5d1c9a';
export const JOB_URL = 'https://gitlab.example.com/support/zendesk-config/-/jobs/5151';

export interface SyncWorkspace {
  ws: Workspace;
  sf: SalesforceSandbox;
  gitlab: GitLabSandbox;
  /** The SF_* variables of the sandbox's connected app. */
  sfEnv: Record<string, string>;
  /** `ci <job>` as a GitLab job runs it (GitLab variables included); `extra` overrides, undefined removes. */
  ci(job: 'sf-sync' | 'sf-check', extra?: Record<string, string | undefined>, args?: string[]): Promise<RunResult>;
  /** Requests each sandbox has answered since the last reset, by route. */
  requests(): { salesforce: Record<string, number>; zendesk: Record<string, number> };
  resetRequests(): void;
  close(): Promise<void>;
}

export async function syncWorkspace(): Promise<SyncWorkspace> {
  const [ws, sf, gitlab] = await Promise.all([workspace({ seed: salesforceZendeskSeed() }), startSalesforceSandbox(), startGitLabSandbox({ token: GITLAB_TOKEN })]);
  const sfEnv = { SF_LOGIN_URL: sf.url, SF_CLIENT_ID: sf.credentials.clientId, SF_CLIENT_SECRET: sf.credentials.clientSecret };
  const ciEnv = { ...sfEnv, GITLAB_CI: 'true', CI_API_V4_URL: gitlab.url, CI_PROJECT_ID: String(gitlab.project.id), GITLAB_API_TOKEN: gitlab.token, CI_JOB_URL: JOB_URL };
  return {
    ws,
    sf,
    gitlab,
    sfEnv,
    ci: (job, extra = {}, args = []) => ws.run(['ci', job, ...args], { ...ciEnv, ...extra }),
    requests: () => ({ salesforce: sf.requestCounts(), zendesk: ws.sandbox.requestCounts() }),
    resetRequests() {
      sf.resetRequestCounts();
      ws.sandbox.resetRequestCounts();
    },
    async close() {
      await Promise.all([ws.close(), sf.close(), gitlab.close()]);
    },
  };
}
