/**
 * Offset pagination as GitLab does it (../shared/reference/gitlab-api.md §1.11): `page`
 * (default 1) and `per_page` (default 20, at most 100); a `Link` header with prev, next,
 * first and last, each carrying every query parameter of the request; X-Page, X-Per-Page,
 * X-Next-Page and X-Prev-Page (empty when there is none), X-Total and X-Total-Pages
 * (left out, with rel="last", past 10,000 rows).
 */
const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;
const MAX_COUNTED = 10_000;

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

export function paginate<T>(all: readonly T[], url: URL): Page<T> {
  const perPage = clamp(positiveInt(url.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = positiveInt(url.searchParams.get('page')) ?? 1;
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const next = page < totalPages ? page + 1 : null;
  const prev = page > 1 ? Math.min(page - 1, totalPages) : null;
  const counted = all.length <= MAX_COUNTED;

  const link = (target: number, rel: string) => {
    const href = new URL(url);
    href.searchParams.set('page', String(target));
    href.searchParams.set('per_page', String(perPage));
    return `<${href.toString()}>; rel="${rel}"`;
  };
  const links = [prev && link(prev, 'prev'), next && link(next, 'next'), link(1, 'first'), counted && link(totalPages, 'last')].filter(
    (l): l is string => typeof l === 'string',
  );

  const headers: Record<string, string> = {
    Link: links.join(', '),
    'X-Page': String(page),
    'X-Per-Page': String(perPage),
    'X-Next-Page': next ? String(next) : '',
    'X-Prev-Page': prev ? String(prev) : '',
  };
  if (counted) {
    headers['X-Total'] = String(all.length);
    headers['X-Total-Pages'] = String(totalPages);
  }
  return { items, headers };
}

function positiveInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value);
  return n >= 1 ? n : undefined;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
