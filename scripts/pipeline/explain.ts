/**
 * Failures a user can act on become one clear line: GitLab ones name the variable to
 * check (never its value), Zendesk ones are explained as `npm run plan` explains them.
 */
import { CommandError } from '../workflow/io.ts';
import { credentialVariables, type CredentialPurpose } from '../workflow/target.ts';
import { explainZendeskFailure } from '../workflow/zendeskFailure.ts';
import { describeNetworkFailure, formatDuration } from '../core/network.ts';
import { GitLabApiError, GitLabForeignLinkError, GitLabNetworkError } from '../gitlab/errors.ts';
import { DEFAULT_API_URL, GITLAB_REQUEST_TIMEOUT } from './target.ts';

/** `purpose`: which Zendesk credential the job holds, so a 401 names the variables it was read from. */
export function explainFailure(error: unknown, env: Record<string, string | undefined>, purpose: CredentialPurpose = 'read'): CommandError | null {
  if (error instanceof CommandError) return error;
  return (
    explainGitLabFailure(error, env) ??
    explainZendeskFailure(error, env.ZENDESK_URL ?? env.ZENDESK_SUBDOMAIN ?? 'Zendesk', credentialVariables(env, purpose))
  );
}


function explainGitLabFailure(error: unknown, env: Record<string, string | undefined>): CommandError | null {
  const gitlab = env.CI_API_V4_URL?.trim() || DEFAULT_API_URL;
  if (error instanceof GitLabApiError) {
    if (error.status === 401) {
      return new CommandError(
        `GitLab at ${gitlab} rejected GITLAB_API_TOKEN (401) on ${error.method} ${error.path}: ` +
          'it must be a project access token with the api scope that has not expired or been revoked.',
      );
    }
    if (error.status === 403) {
      return new CommandError(`GitLab refused ${error.method} ${error.path} (403): GITLAB_API_TOKEN needs the api scope and at least the Reporter role on the project.`);
    }
    if (error.status === 404 && /Project Not Found/i.test(error.message)) {
      return new CommandError(`GitLab has no project CI_PROJECT_ID=${env.CI_PROJECT_ID ?? ''} that GITLAB_API_TOKEN can see (404).`);
    }
    return new CommandError(`GitLab error: ${error.message}`);
  }
  if (error instanceof GitLabNetworkError) return new CommandError(gitLabNetworkLine(error, gitlab));
  if (error instanceof GitLabForeignLinkError) {
    return new CommandError(
      `GitLab at ${gitlab} led ${error.method} ${error.path} to another host (${error.linkOrigin}); not sent there, so GITLAB_API_TOKEN stayed with GitLab. ` +
        'A proxy in front of GitLab may be rewriting links; check CI_API_V4_URL.',
    );
  }
  return null;
}

/** One line by cause, with the variable to check or the limit to raise. */
function gitLabNetworkLine(error: GitLabNetworkError, gitlab: string): string {
  const { failure } = error;
  const cannot = `Cannot reach GitLab at ${gitlab}: ${describeNetworkFailure(failure)}`;
  switch (failure.kind) {
    case 'dns':
    case 'refused':
    case 'unreachable':
      return `${cannot}. Check CI_API_V4_URL.`;
    case 'tls':
      return `${cannot}. Check CI_API_V4_URL; for a GitLab with its own CA, give Node the certificate with NODE_EXTRA_CA_CERTS.`;
    case 'connect-timeout':
      return `${cannot}. Check CI_API_V4_URL and the network.`;
    case 'answer-timeout':
      return `GitLab at ${gitlab} did not answer ${error.method} ${error.path} ${failure.ms === null ? 'in time' : `within ${formatDuration(failure.ms)}`} (${GITLAB_REQUEST_TIMEOUT} sets the limit).`;
    case 'dropped':
      return `GitLab at ${gitlab} dropped the connection on ${error.method} ${error.path} (${failure.code}); try again.`;
  }
}
