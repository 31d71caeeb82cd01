import type { PathSegment } from './model.ts';

/** `['conditions','all',1,'operator']` → `conditions.all[1].operator`, the form diagnostics show. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}
