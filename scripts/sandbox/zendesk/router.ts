/**
 * Maps `METHOD path` to a handler. Patterns are `/`-separated with `:name` placeholders;
 * when several match (`triggers/active` vs `triggers/:id`) the one with fewer
 * placeholders wins, so literal sub-resources never fall into the id route.
 */
import type { RouteHandler } from './http.ts';

export interface Route {
  method: string;
  pattern: string;
  handler: RouteHandler;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

export class Router {
  readonly #routes: { route: Route; segments: string[]; placeholders: number }[] = [];

  add(routes: readonly Route[]): this {
    for (const route of routes) {
      const segments = route.pattern.split('/');
      this.#routes.push({ route, segments, placeholders: segments.filter((s) => s.startsWith(':')).length });
    }
    return this;
  }

  match(method: string, path: string): RouteMatch | undefined {
    const segments = path.split('/');
    let best: { match: RouteMatch; placeholders: number } | undefined;
    for (const candidate of this.#routes) {
      if (candidate.route.method !== method || candidate.segments.length !== segments.length) continue;
      const params = matchSegments(candidate.segments, segments);
      if (!params) continue;
      if (!best || candidate.placeholders < best.placeholders) {
        best = { match: { handler: candidate.route.handler, params }, placeholders: candidate.placeholders };
      }
    }
    return best?.match;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i];
    const segment = actual[i];
    if (expected.startsWith(':')) params[expected.slice(1)] = decodeURIComponent(segment);
    else if (expected !== segment) return undefined;
  }
  return params;
}
