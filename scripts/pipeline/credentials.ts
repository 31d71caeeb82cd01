/**
 * Which Zendesk credential a pipeline job holds, checked where Zendesk says it
 * (GET /api/v2/oauth/tokens/current, the token's scopes). Merge-request pipelines run
 * the branch's own code, so plan and drift should hold a credential that cannot
 * write, and the write credential should not be visible to them at all (README,
 * "Security model"). The checks say what is wrong and how to fix it; the plan job
 * still plans, because refusing would only hide the plan, not the credential.
 */
import { CommandError } from '../workflow/io.ts';
import { CREDENTIAL_VARIABLES, type Target } from '../workflow/target.ts';
import { credentialAccess } from '../zendesk/access.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { ZendeskApiError } from '../zendesk/errors.ts';

const WRITE_VARIABLES = Object.values(CREDENTIAL_VARIABLES.apply);

/** Warnings for a job that should only read: one sentence each, plain text. */
export async function readOnlyWarnings(client: ZendeskClient, target: Target, env: Readonly<Record<string, string | undefined>>): Promise<string[]> {
  const warnings: string[] = [];
  const visible = WRITE_VARIABLES.filter((name) => env[name]?.trim());
  if (visible.length > 0) {
    warnings.push(
      `${visible.join(' and ')} ${visible.length === 1 ? 'is' : 'are'} visible to this job, which runs code from the branch under review: ` +
        'mark the write credential Protected and scope it to the production environment, so only the apply job on the default branch gets it.',
    );
  }
  const access = await accessOf(client);
  if (access.access === 'write') {
    warnings.push(
      `This job's Zendesk credential (${target.credential.variables.join(' and ')}) can change the account: ${access.why}. ` +
        'Give plan and drift an OAuth token with only the "read" scope; keep the write credential for apply.',
    );
  }
  return warnings;
}

/** What each writing job needs of its credential, for the message when it can only read. */
const WRITING_JOBS = {
  apply: { doing: 'apply', scope: 'the "write" scope', environment: 'production' },
  requests: { doing: 'process requests', scope: 'the "read tickets:write" scopes', environment: 'requests' },
  salesforce: { doing: 'sync organizations', scope: 'the "read organizations:write" scopes', environment: 'salesforce' },
} as const;

/**
 * Before a job changes anything: a credential that can only read would fail on the first
 * write, halfway through (or, for requests, after moving an issue on).
 */
export async function requireWriteAccess(client: ZendeskClient, target: Target, job: keyof typeof WRITING_JOBS = 'apply'): Promise<void> {
  const access = await accessOf(client);
  if (access.access === 'read-only') {
    const { doing, scope, environment } = WRITING_JOBS[job];
    const variables = CREDENTIAL_VARIABLES[job];
    throw new CommandError(
      `cannot ${doing}: the Zendesk credential (${target.credential.variables.join(' and ')}) can only read (${access.why}). ` +
        `Set ${variables.oauth} (an OAuth token with ${scope}) or ZENDESK_EMAIL and ${variables.apiToken}, ` +
        `protected and scoped to the ${environment} environment. Nothing was changed in Zendesk.`,
    );
  }
}

async function accessOf(client: ZendeskClient): Promise<ReturnType<typeof credentialAccess>> {
  try {
    return credentialAccess(client.authKind, await client.tokenScopes());
  } catch (error) {
    // Some tokens may not read their own record; unknown scopes are taken as write-capable.
    if (error instanceof ZendeskApiError) return credentialAccess(client.authKind, null);
    throw error;
  }
}
