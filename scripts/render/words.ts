/**
 * The tool's own words about a plan, defined once for the terminal (text.ts),
 * plan.md (markdown.ts) and the GitLab notes (gitlab.ts): the mark of each
 * action, the counts line, the plan's headline and each change's headline.
 * They quote titles as they are; each renderer makes them safe for where they
 * go (inert.ts). Pure.
 */
import { configDirLabel } from '../core/configDir.ts';
import type { Change, ChangeAction, Plan, PlanKind, PlanSummary } from '../core/model.ts';
import type { ChangeIdentity, IdentityComparison } from '../core/planDigest.ts';
import { KIND_LABELS } from '../kinds/registry.ts';

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

/** `delete trigger "X"`, `reorder triggers in category "Y"`: how the plan's own lines name a change. */
export function identityLabel(identity: Pick<ChangeIdentity, 'action' | 'kind' | 'key'>): string {
  if (identity.action === 'reorder') {
    return `reorder ${KIND_LABELS[identity.kind].many}${identity.key ? ` in category "${identity.key}"` : ''}`;
  }
  return `${identity.action} ${KIND_LABELS[identity.kind].one} "${identity.key}"`;
}

/**
 * One line per difference, for the terminal and the notes. `reviewed` names
 * the plan the fresh one is held to ("the plan", "the reviewed plan");
 * `explain` may say better why a change on the same object differs.
 */
export function differenceLines(
  comparison: IdentityComparison,
  reviewed: string,
  explain: (pair: { reviewed: ChangeIdentity; fresh: ChangeIdentity }) => string | null = () => null,
): string[] {
  const lines: string[] = [];
  for (const pair of comparison.changed) {
    const { reviewed: was, fresh } = pair;
    const what = KIND_LABELS[was.kind].one;
    lines.push(
      was.id !== fresh.id
        ? `${identityLabel(was)}: ${reviewed} says id ${was.id ?? '(none)'}, Zendesk's ${what} of that name is ${fresh.id ?? '(none)'}`
        : (explain(pair) ?? `${identityLabel(was)}: not the same change as in ${reviewed} (config/ or Zendesk changed since)`),
    );
  }
  for (const identity of comparison.removed) lines.push(`${identityLabel(identity)}: not in a fresh plan`);
  for (const identity of comparison.added) lines.push(`${identityLabel(identity)}: new since ${reviewed}`);
  return lines;
}
