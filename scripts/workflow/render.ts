/** Picks the renderer for `--format`. */
import type { Plan } from '../core/model.ts';
import { renderMarkdown } from '../render/markdown.ts';
import { renderText } from '../render/text.ts';
import { CommandError } from './io.ts';

export type PlanFormat = 'text' | 'markdown' | 'json';

export function parseFormat(value: string | undefined): PlanFormat {
  const format = value ?? 'text';
  if (format === 'text' || format === 'markdown' || format === 'json') return format;
  throw new CommandError(`--format must be text, markdown or json (got '${format}')`);
}

export function renderPlan(plan: Plan, format: PlanFormat, color: boolean): string {
  switch (format) {
    case 'text':
      return renderText(plan, { color });
    case 'markdown':
      return renderMarkdown(plan);
    case 'json':
      return `${JSON.stringify(plan, null, 2)}\n`;
  }
}
