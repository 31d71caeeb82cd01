/**
 * The plan as a reviewer reads it in a terminal: Terraform-like, deletes in red.
 * Every line that quotes config/ or Zendesk goes through `plainText` before it
 * is painted: a title can carry escape sequences that would clear the screen,
 * recolour what follows or plant a link, and line breaks that would fake a line
 * of the plan. Only this module's own colours reach the terminal.
 */
import type { Plan } from '../core/model.ts';
import { KIND_LABELS } from '../kinds/registry.ts';
import { describeChange, type ChangeView } from './describe.ts';
import { objectName, summaryLine } from './words.ts';
import { configDirLabel } from '../core/configDir.ts';
import { plainText } from './inert.ts';

export interface TextOptions {
  color: boolean;
}

const ANSI = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m', bold: '\x1b[1m', dim: '\x1b[2m', reset: '\x1b[0m' };

export function renderText(plan: Plan, options: TextOptions = { color: false }): string {
  const paint = (code: keyof typeof ANSI, text: string) => (options.color ? `${ANSI[code]}${text}${ANSI.reset}` : text);
  const out: string[] = [plainText(`Zendesk plan for ${plan.target} (config: ${plan.configRoot})`), ''];
  const colorOf = { create: 'green', update: 'yellow', delete: 'red', reorder: 'cyan' } as const;

  // Loops, never out.push(...lines): spreading a 100,000-line change overflows the stack.
  for (const change of plan.changes) {
    const view = describeChange(change);
    const head = plainText(`${view.symbol} ${view.headline}`);
    const file = view.file ? paint('dim', plainText(`  (${view.file})`)) : '';
    out.push(`  ${view.action === 'delete' ? paint('bold', paint('red', head)) : paint(colorOf[view.action], head)}${file}`);
    for (const notice of view.notices) out.push(`      ${paint('yellow', plainText(`! ${notice}`))}`);
    for (const line of detailLines(view)) out.push(`      ${plainText(line)}`);
    out.push('');
  }

  if (plan.unmanaged.length > 0) {
    const dir = configDirLabel(plan.configRoot);
    out.push(plainText(`Unmanaged: live objects ${dir} does not declare (left alone; set prune in ${dir}settings.yaml to delete them):`));
    for (const line of unmanagedLines(plan)) out.push(line);
    out.push('');
  }
  out.push(paint('bold', plainText(summaryLine(plan))));
  return `${out.join('\n')}\n`;
}

function detailLines(view: ChangeView): string[] {
  if (view.action === 'reorder') return [`before: ${(view.before ?? []).join(' → ') || '(none)'}`, `after:  ${(view.after ?? []).join(' → ')}`];
  return view.lines.map((line) => {
    if (line.before !== undefined && line.after !== undefined) return `${line.path}: ${line.before} → ${line.after}`;
    if (line.after !== undefined) return `${line.path}: ${line.after}`;
    return `${line.path}: ${line.before}${view.action === 'delete' ? '' : ' → (removed)'}`;
  });
}

/** A large account can have hundreds of unmanaged objects: show the first few per kind. */
const UNMANAGED_SHOWN_PER_KIND = 10;

function unmanagedLines(plan: Plan): string[] {
  const lines: string[] = [];
  for (const kind of new Set(plan.unmanaged.map((o) => o.kind))) {
    const objects = plan.unmanaged.filter((o) => o.kind === kind);
    for (const object of objects.slice(0, UNMANAGED_SHOWN_PER_KIND)) lines.push(plainText(`  ? ${objectName(kind, object.key)}`));
    const hidden = objects.length - UNMANAGED_SHOWN_PER_KIND;
    if (hidden > 0) lines.push(`  … and ${hidden} more unmanaged ${KIND_LABELS[kind].many} (all of them: --format json)`);
  }
  return lines;
}
