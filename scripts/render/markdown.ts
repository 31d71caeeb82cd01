/**
 * The plan as Markdown, for merge-request comments and the plan.md artifact.
 * The wording lives in templates/plan.md.hbs (Atlantis keeps comment templates
 * as files); this module only prepares the data the template shows.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { KIND_LABELS, type Plan } from '../core/plan.ts';
import { describeChange, summaryRows, type ChangeView } from './describe.ts';
import { configDirLabel } from '../core/configDir.ts';
import { inert, plainText } from './inert.ts';

const TEMPLATE_URL = new URL('../../templates/plan.md.hbs', import.meta.url);
const ICONS = { create: ':heavy_plus_sign:', update: ':pencil2:', delete: ':x:', reorder: ':arrows_counterclockwise:' } as const;

/**
 * A Handlebars instance for Markdown templates. `{{inert value}}` is how a
 * template shows anything from config/, Zendesk or a merge request: inert.ts
 * makes it safe for GitLab, and SafeString keeps Handlebars from escaping it a
 * second time. A bare `{{value}}` is only HTML-escaped, which stops neither a
 * mention nor a link: it is for the tool's own words and numbers.
 */
export function markdownHandlebars(): typeof Handlebars {
  const instance = Handlebars.create();
  instance.registerHelper('inert', (value: unknown) => new instance.SafeString(inert(String(value ?? ''))));
  return instance;
}

const handlebars = markdownHandlebars();
let compiled: Handlebars.TemplateDelegate | undefined;

export function renderMarkdown(plan: Plan): string {
  compiled ??= handlebars.compile(readFileSync(TEMPLATE_URL, 'utf8'));
  const views = plan.changes.map(describeChange);
  const deletes = views.filter((v) => v.action === 'delete');
  return `${compiled({
    hasChanges: plan.changes.length > 0,
    summary: `${plan.summary.create} to create, ${plan.summary.update} to update, ${plan.summary.delete} to delete, ${plan.summary.reorder} to reorder`,
    target: plan.target,
    configRoot: plan.configRoot,
    configDir: configDirLabel(plan.configRoot),
    createdAt: plan.createdAt,
    rows: summaryRows(plan),
    deletes,
    oneDelete: deletes.length === 1,
    changes: views.map((view) => ({ ...view, icon: ICONS[view.action], isDelete: view.action === 'delete', ...codeBlock(view) })),
    unmanaged: plan.unmanaged.map((o) => `${KIND_LABELS[o.kind].one} "${o.key}"`),
    oneUnmanaged: plan.unmanaged.length === 1,
  }).trim()}\n`;
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
