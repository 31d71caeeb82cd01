/**
 * The plan as Markdown: plan.md (`renderMarkdown`), and the view of a plan that
 * plan.md, the merge-request note and the drift issue share (`planView`). All
 * of them are rendered from templates/ by the one Handlebars instance
 * (templates.ts) with the same partials, so a change reads the same in each.
 */
import type { Plan } from '../core/model.ts';
import { configDirLabel } from '../core/configDir.ts';
import { describeChange, summaryRows, type ChangeView } from './describe.ts';
import { plainText } from './inert.ts';
import { renderTemplate } from './templates.ts';
import { ACTION_MARKS, countsLine, objectName, planHeadline } from './words.ts';

/** plan.md is the full plan: every change, every delete named, every unmanaged object listed. */
export function renderMarkdown(plan: Plan): string {
  const view = planView(plan, { deletesListed: Number.POSITIVE_INFINITY, listUnmanaged: true });
  return renderTemplate('plan', view);
}

export interface PlanViewOptions {
  /** Deletes named in the callout above the details; the details name them all anyway. */
  deletesListed: number;
  /**
   * Unmanaged objects are context for a reviewer, not drift: the config
   * directory leaves them alone, so the drift texts only count them in the
   * summary table.
   */
  listUnmanaged: boolean;
}

export type ChangeSection = ReturnType<typeof changeSection>;
export type PlanView = ReturnType<typeof planView>;

/** What the plan texts show: headline, summary table, delete callout, one section per change, unmanaged objects. */
export function planView(plan: Plan, { deletesListed, listUnmanaged }: PlanViewOptions) {
  const changes = plan.changes.map((change) => changeSection(describeChange(change)));
  const deletes = changes.filter((c) => c.isDelete).map((c) => c.headline);
  return {
    headline: planHeadline(plan),
    hasChanges: plan.changes.length > 0,
    summary: countsLine(plan.summary),
    target: plan.target,
    configDir: configDirLabel(plan.configRoot),
    createdAt: plan.createdAt,
    rows: summaryRows(plan),
    deletes: { count: deletes.length, listed: deletes.slice(0, deletesListed), unlisted: Math.max(0, deletes.length - deletesListed) },
    changes,
    unmanaged:
      listUnmanaged && plan.unmanaged.length > 0
        ? { total: plan.unmanaged.length, objects: plan.unmanaged.map((o) => objectName(o.kind, o.key)) }
        : null,
  };
}

/** One change as templates/partials/change-details.md.hbs shows it. */
function changeSection(view: ChangeView) {
  return {
    headline: view.headline,
    file: view.file,
    notices: view.notices,
    icon: ACTION_MARKS[view.action].icon,
    isDelete: view.action === 'delete',
    ...codeBlock(view),
  };
}

/**
 * `diff` code block lines of one change, shared by plan.md and the GitLab notes.
 * Inside a fence GitLab resolves no mention, link or HTML (its reference filters
 * skip `pre` and `code`: lib/banzai/filter/references/reference_filter.rb, and
 * quick actions are not read from code blocks: gitlab.com/gitlab-org/gitlab/-/issues/204774),
 * so the lines keep their text as it is; only `plainText` keeps each value on its
 * own line, and the fence is longer than any backtick run in them.
 */
export function codeBlock(view: ChangeView): { diffLines: string[]; fence: string } {
  const lines = diffLines(view).map(plainText);
  return { diffLines: lines, fence: fenceFor(lines) };
}

function diffLines(view: ChangeView): string[] {
  return view.action === 'reorder'
      ? [`- ${(view.before ?? []).join(' → ') || '(none)'}`, `+ ${(view.after ?? []).join(' → ')}`]
      : view.lines.flatMap((line) => [
          ...(line.before !== undefined ? [`- ${line.path}: ${line.before}`] : []),
          ...(line.after !== undefined ? [`+ ${line.path}: ${line.after}`] : []),
        ]);
}

/**
 * A code fence longer than any backtick run in the lines, so none can close it early.
 * A loop, not Math.max(...runs): a change can have more lines than a call has room for arguments.
 */
export function fenceFor(lines: readonly string[]): string {
  let longestRun = 2;
  for (const line of lines) {
    for (const run of line.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  }
  return '`'.repeat(longestRun + 1);
}
