/**
 * A plan can be huge (an imported account, a rule with thousands of actions):
 * every renderer must show it without overflowing the stack, as
 * `out.push(...lines)` and `Math.max(...lines)` do past ~100,000 items.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../helpers/builders.ts';
import type { Plan } from '../../scripts/core/model.ts';
import { describeChange } from '../../scripts/render/describe.ts';
import { codeBlock, renderMarkdown } from '../../scripts/render/markdown.ts';
import { renderText } from '../../scripts/render/text.ts';
import { desired, desiredConfig, liveByKind, macroSpec } from '../helpers/builders.ts';

const ACTIONS = 175_000;

function hugePlan(): Plan {
  const spec = macroSpec('Everything at once');
  spec.actions = Array.from({ length: ACTIONS }, (_, i) => ({ field: 'comment_value', value: `step ${i} with \`code\`` }));
  const { plan } = diff({
    desired: desiredConfig({ macros: [desired('macros', spec)] }),
    live: liveByKind(),
    target: 'https://acme.zendesk.com',
    now: new Date('2026-11-21T10:00:00Z'),
    // Given by hand: diff() is not what is under test here.
    unmanaged: Array.from({ length: ACTIONS }, (_, i) => ({ kind: 'macros' as const, key: `Old macro ${i}` })),
  });
  return plan;
}

describe('rendering a plan with a 175,000-action change and 175,000 unmanaged objects', () => {
  const plan = hugePlan();

  it('terminal text shows every action line and the summary', () => {
    const text = renderText(plan);
    expect(text).toContain(`actions[${ACTIONS - 1}]: comment_value = "step ${ACTIONS - 1} with \`code\`"`);
    expect(text).toContain(`… and ${ACTIONS - 10} more unmanaged macros`);
    expect(text).toMatch(/Plan: 1 to create, 0 to update, 0 to delete, 0 to reorder\. 175000 unmanaged live objects left alone\.\n$/);
  });

  it('Markdown shows every action line in a fence no backtick run can close', () => {
    const markdown = renderMarkdown(plan);
    expect(markdown).toContain(`+ actions[${ACTIONS - 1}]: comment_value = "step ${ACTIONS - 1} with \`code\`"`);
    const { fence, diffLines } = codeBlock(describeChange(plan.changes[0]));
    expect(diffLines).toHaveLength(ACTIONS + 2); // title, active, then one line per action
    expect(fence).toBe('```');
  });
});
