import { describe, expect, it } from 'vitest';
import { staleReasons } from '../../scripts/apply/stale.ts';
import { diff } from '../../scripts/core/diff.ts';
import { desired, desiredConfig, live, liveByKind, macroSpec } from '../helpers/builders.ts';
import { emptyLookups } from '../../scripts/core/lookups.ts';
import { ReferenceResolver } from '../../scripts/kinds/references.ts';

const target = 'http://127.0.0.1:4010';
const planFor = (liveMacros = [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))]) =>
  diff({ desired: desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 2', 'Tier 2')), desired('macros', macroSpec('New macro'))] }), live: liveByKind({ macros: liveMacros }), target, now: new Date() }).plan;

describe('a saved plan is refused when Zendesk moved on', () => {
  it('accepts a plan when nothing changed', () => {
    const plan = planFor();
    expect(staleReasons(plan, liveByKind({ macros: [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))] }), target)).toEqual([]);
  });

  it('names the object someone edited by hand after the plan was made', () => {
    const plan = planFor();
    const edited = live('macros', 7, macroSpec('Escalations::Tier 2', 'Billing'), { updatedAt: '2026-11-21T11:00:00Z' });
    expect(staleReasons(plan, liveByKind({ macros: [edited] }), target)).toEqual([
      'macro "Escalations::Tier 2" was changed in Zendesk at 2026-11-21T11:00:00Z (the plan saw 2026-01-01T00:00:00Z)',
    ]);
  });

  it('notices an object the plan would create that now exists', () => {
    const plan = planFor();
    const reasons = staleReasons(plan, liveByKind({ macros: [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1')), live('macros', 8, macroSpec('New macro'))] }), target);
    expect(reasons).toEqual(['macro "New macro" now exists in Zendesk']);
  });

  it('refuses a plan made for another account', () => {
    expect(staleReasons(planFor(), liveByKind(), 'https://other.zendesk.com')).toEqual([`the plan was made for ${target}, not https://other.zendesk.com`]);
  });
});

describe('a saved plan is refused when a name it uses now leads elsewhere', () => {
  const lookups = (activeId: number) => {
    const base = emptyLookups();
    base.ticketFields = [
      { id: 901, title: 'Product area', type: 'tagger', active: activeId === 901, options: [] },
      { id: 902, title: 'Product area', type: 'tagger', active: activeId === 902, options: [] },
    ];
    return base;
  };
  const plan = planFor();
  plan.changes = plan.changes.map((c) => (c.action === 'update' ? { ...c, references: { 'ticketFields:Product area': '902' } } : c));
  const now = liveByKind({ macros: [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))] });

  it('accepts the plan while the name still means the same field', () => {
    expect(staleReasons(plan, now, target, new ReferenceResolver(lookups(902)))).toEqual([]);
  });

  it('names the object and the reference when the active field changed since review', () => {
    expect(staleReasons(plan, now, target, new ReferenceResolver(lookups(901)))).toEqual([
      'macro "Escalations::Tier 2": ticket field \'Product area\' now means a different ticket field than when the plan was made',
    ]);
  });
});
