/**
 * The tool's own words about a plan, defined once for the terminal (text.ts),
 * plan.md (markdown.ts) and the GitLab notes (gitlab.ts): the mark of each
 * action, the counts line, the plan's headline and each change's headline.
 * They quote titles as they are; each renderer makes them safe for where they
 * go (inert.ts). Pure.
 */
import { configDirLabel } from '../core/configDir.ts';
import { KIND_LABELS, type Change, type ChangeAction, type Plan, type PlanKind, type PlanSummary } from '../core/plan.ts';

/** How each action is marked: a symbol in the terminal and diffs, a GitLab emoji in Markdown. */
export const ACTION_MARKS: Readonly<Record<ChangeAction, { symbol: '+' | '~' | '-' | '↕'; icon: string }>> = {
  create: { symbol: '+', icon: ':heavy_plus_sign:' },
  update: { symbol: '~', icon: ':pencil2:' },
  delete: { symbol: '-', icon: ':x:' },
  reorder: { symbol: '↕', icon: ':arrows_counterclockwise:' },
};

/** "1 change", "2 changes" (also the `{{count n "change" "changes"}}` template helper). */
export function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "1 to create, 2 to update, 0 to delete, 0 to reorder". */
export function countsLine(summary: PlanSummary): string {
  return `${summary.create} to create, ${summary.update} to update, ${summary.delete} to delete, ${summary.reorder} to reorder`;
}

/** The heading of plan.md and the merge-request note: "Zendesk plan: 1 to create, …" or "Zendesk plan: no changes". */
export function planHeadline(plan: Plan): string {
  return `Zendesk plan: ${plan.changes.length > 0 ? countsLine(plan.summary) : 'no changes'}`;
}

/** The terminal's closing line: "Plan: 1 to create, …." or "No changes. Zendesk matches config/.", then the unmanaged count. */
export function summaryLine(plan: Plan): string {
  const unmanaged = plan.summary.unmanaged ? ` ${count(plan.summary.unmanaged, 'unmanaged live object', 'unmanaged live objects')} left alone.` : '';
  if (plan.changes.length === 0) return `No changes. Zendesk matches ${configDirLabel(plan.configRoot)}.${unmanaged}`;
  return `Plan: ${countsLine(plan.summary)}.${unmanaged}`;
}

/** `macro "Escalations::Tier 1"`: an object as every list of objects names it. */
export function objectName(kind: PlanKind, key: string): string {
  return `${KIND_LABELS[kind].one} "${key}"`;
}

/** "create trigger "X"", "rename macro "A" → "B"", "DELETE SLA policy "X"", "reorder triggers in category "Routing"". */
export function changeHeadline(change: Change): string {
  switch (change.action) {
    case 'create':
      return `create ${objectName(change.kind, change.key)}`;
    case 'update':
      return change.previousKey
        ? `rename ${objectName(change.kind, change.previousKey)} → "${change.key}"`
        : `update ${objectName(change.kind, change.key)}`;
    case 'delete':
      return `DELETE ${objectName(change.kind, change.key)}`;
    case 'reorder':
      return `reorder ${KIND_LABELS[change.kind].many}${change.scope === null ? '' : ` in category "${change.scope}"`}`;
  }
}
