/**
 * Where the GitLab project is, for the forms' new-issue links and the README link:
 * `--project-url`, else GitLab CI's predefined variables in the pages job (CI_PROJECT_URL,
 * or CI_SERVER_URL and CI_PROJECT_PATH), else `pages.project_url` in config/settings.yaml
 * for a local build.
 */
export type ProjectUrl = { ok: true; url: string; defaultBranch: string } | { ok: false; message: string };

export function projectUrlFrom(env: Readonly<Record<string, string | undefined>>, flag: string | undefined, fromConfig?: string): ProjectUrl {
  const fromCi = env.CI_PROJECT_URL || (env.CI_SERVER_URL && env.CI_PROJECT_PATH ? `${env.CI_SERVER_URL.replace(/\/+$/, '')}/${env.CI_PROJECT_PATH}` : undefined);
  const candidate = flag ?? fromCi ?? fromConfig;
  if (!candidate) {
    return {
      ok: false,
      message: 'the project URL is unknown: set pages.project_url in config/settings.yaml, or pass --project-url https://gitlab.example.com/group/project (in CI it comes from CI_PROJECT_URL)',
    };
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return { ok: false, message: `the project URL '${candidate}' is not a URL; expected https://gitlab.example.com/group/project` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `the project URL '${candidate}' must start with https://` };
  if (url.search || url.hash || url.username || url.password) return { ok: false, message: `the project URL '${candidate}' must be the project's address alone, without ?, # or credentials` };
  return { ok: true, url: url.href.replace(/\/+$/, ''), defaultBranch: env.CI_DEFAULT_BRANCH || 'main' };
}
