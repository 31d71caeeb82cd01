/** `:id` is the numeric project id or its URL-encoded path (../shared/reference/gitlab-api.md, "Conventions"). */
import { invalidParam, notFound, type ApiRequest, type Route } from '../http.ts';
import type { SandboxProject } from '../state.ts';

export function requireProject(request: ApiRequest): SandboxProject {
  const project = request.store.project;
  const id = request.params.id;
  if (id === String(project.id) || id.toLowerCase() === project.path_with_namespace.toLowerCase()) return project;
  throw notFound('Project');
}

export function projectRoutes(): Route[] {
  return [
    {
      method: 'GET',
      pattern: 'projects/:id',
      handler: (request) => {
        const project = requireProject(request);
        return { status: 200, body: { id: project.id, path_with_namespace: project.path_with_namespace, web_url: project.web_url, default_branch: 'main' } };
      },
    },
  ];
}

/** Grape's integer params: anything else is 400 "<name> is invalid". */
export function integerParam(request: ApiRequest, name: string): number {
  const value = request.params[name] ?? String(request.input[name] ?? '');
  if (!/^\d+$/.test(value)) throw invalidParam(`${name} is invalid`);
  return Number(value);
}
