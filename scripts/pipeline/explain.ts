/**
 * Failures a user can act on become one clear line: GitLab ones name the variable to
 * check (never its value), Zendesk ones are explained as `npm run plan` explains them.
 */
import { CommandError } from '../commands/io.ts';
import { explainZendeskFailure } from '../commands/workflow.ts';
import { GitLabApiError, GitLabNetworkError } from '../gitlab/errors.ts';
import { DEFAULT_API_URL } from './target.ts';

export function explainFailure(error: unknown, env: Record<string, string | undefined>): CommandError | null {
  if (error instanceof CommandError) return error;
  return explainGitLabFailure(error, env) ?? explainZendeskFailure(error, env.ZENDESK_URL ?? env.ZENDESK_SUBDOMAIN ?? 'Zendesk');
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
  if (error instanceof GitLabNetworkError) return new CommandError(`Cannot reach GitLab at ${gitlab}: ${error.message}`);
  return null;
}
