/**
 * How plans read in the terminal and in plan.md. Whole plans per scenario are
 * golden folders (test/golden/, plans.test.ts); these tests pin single behaviours.
 */
import { describe, expect, it } from 'vitest';
import { diff } from '../helpers/builders.ts';
import type { MacroSpec, Plan } from '../../scripts/core/model.ts';
import { renderMarkdown } from '../../scripts/render/markdown.ts';
import { renderText } from '../../scripts/render/text.ts';
import { automationSpec, desired, desiredConfig, entry, live, liveByKind, macroSpec, planWith } from '../helpers/builders.ts';

const fixed = { target: 'https://acme.zendesk.com', now: new Date('2026-11-21T10:00:00Z') };

/** One automation config/ no longer declares, with prune on for automations. */
function planWithDelete(): Plan {
  const config = desiredConfig(
    { automations: [desired('automations', automationSpec('Close solved tickets')), desired('automations', automationSpec('Nudge pending tickets'))] },
    { lists: { automations: [entry('Nudge pending tickets'), entry('Close solved tickets')] }, files: { automations: 'config/automations/_order.yaml' } },
  );
  config.settings.prune.automations = true;
  return diff({
    desired: config,
    live: liveByKind({
      automations: [
        live('automations', 1, automationSpec('Close solved tickets'), { position: 1 }),
        live('automations', 2, automationSpec('Nudge pending tickets'), { position: 2 }),
        live('automations', 3, automationSpec('Legacy reminder'), { position: 3 }),
      ],
    }),
    ...fixed,
  }).plan;
}

describe('plans a reviewer reads', () => {
  it('makes deletes stand out in both renderings', () => {
    const plan = planWithDelete();
    expect(renderText(plan, { color: false })).toContain('- DELETE automation "Legacy reminder"');
    expect(renderMarkdown(plan)).toContain(':warning: **This plan deletes 1 object from Zendesk:**');
  });

  it('never prints a sensitive value', () => {
    const unchanged = diff({ desired: desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 1'))] }), live: liveByKind({ macros: [live('macros', 1, macroSpec('Escalations::Tier 1'))] }), ...fixed }).plan;
    const plan = planWith(unchanged, [{ action: 'update', kind: 'macros', key: 'X', file: 'x.yaml', live: { id: 1, updatedAt: '' }, fields: [{ path: 'token', before: 'old-secret', after: 'new-secret', sensitive: true }], after: {} as MacroSpec }]);
    for (const out of [renderText(plan), renderMarkdown(plan)]) {
      expect(out).not.toContain('secret');
      expect(out).toContain('(sensitive value hidden)');
    }
  });
});

describe('unmanaged objects in the terminal', () => {
  it('shows the first ten per kind and says how many more there are', () => {
    const macros = Array.from({ length: 25 }, (_, i) => live('macros', i + 1, macroSpec(`Legacy macro ${i + 1}`)));
    const plan = diff({ desired: desiredConfig(), live: liveByKind({ macros }), ...fixed }).plan;
    const text = renderText(plan);
    expect(text).toContain('? macro "Legacy macro 10"');
    expect(text).not.toContain('? macro "Legacy macro 11"');
    expect(text).toContain('… and 15 more unmanaged macros (all of them: --format json)');
    expect(text).toContain('No changes. Zendesk matches config/. 25 unmanaged live objects left alone.');
  });
});

describe('titles that try to act on the reader', () => {
  const hostile = '\x1b[2J\x1b]8;;https://evil.example\x07Route\x1b]8;;\x07 billing\n+ create trigger "fake" @all [click](https://evil.example) </summary>';
  const plan = () =>
    diff({
      desired: desiredConfig({ macros: [desired('macros', macroSpec(hostile))] }),
      live: liveByKind({ macros: [live('macros', 9, macroSpec(`${hostile} (by hand)`))] }),
      ...fixed,
    }).plan;

  it('reach the terminal as one plain line: only the plan\'s own colours, no screen clearing, no link, no fake plan line', () => {
    const text = renderText(plan(), { color: true });
    const escapes = text.match(/\x1b[^m]*m|\x1b\]|\x1b\[[0-9;]*[A-Za-z]/g) ?? [];
    expect(escapes.every((e) => /^\x1b\[[0-9]+m$/.test(e))).toBe(true);
    expect(text).toContain('create macro "Route billing⏎+ create trigger "fake" @all');
    expect(text.split('\n').filter((line) => line.trimStart().startsWith('+ create trigger'))).toEqual([]);
  });

  it('reach plan.md as text: no mention, link or HTML, and the diff block keeps each value on its line', () => {
    const markdown = renderMarkdown(plan());
    expect(markdown).toContain('create macro &quot;Route billing⏎+ create trigger &quot;fake&quot; @\u2060all &#91;click&#93;(https:\u2060//evil.example) &lt;/summary&gt;&quot;');
    // Inside the diff fence GitLab resolves nothing (it skips pre and code): the value is shown as JSON there.
    const outsideFences = markdown.replace(/^```diff\n[\s\S]*?^```$/gm, '');
    expect(outsideFences).not.toMatch(/@all|\]\(|:\/\/evil|<\/summary>\S|<img/);
    expect(markdown).toContain('+ title: "\\u001b[2J\\u001b]8;;https://evil.example');
    expect(markdown.split('\n').filter((line) => line.startsWith('+ create trigger'))).toEqual([]);
  });
});
