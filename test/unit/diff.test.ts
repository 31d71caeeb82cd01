import { describe, expect, it } from 'vitest';
import { diff } from '../helpers/builders.ts';
import { automationSpec, desired, desiredConfig, entry, live, liveByKind, macroSpec } from '../helpers/builders.ts';

const now = new Date('2026-11-21T10:00:00Z');
const target = 'http://127.0.0.1:4010';

describe('diff: config/ against live Zendesk', () => {
  it('creates what is missing and updates only the fields that differ', () => {
    const config = desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 1')), desired('macros', macroSpec('Escalations::Tier 2', 'Tier 2'))] });
    const current = liveByKind({ macros: [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))] });
    const { plan, diagnostics } = diff({ desired: config, live: current, target, now });
    expect(diagnostics).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.kind, 'key' in c ? c.key : c.scope])).toEqual([
      ['create', 'macros', 'Escalations::Tier 1'],
      ['update', 'macros', 'Escalations::Tier 2'],
    ]);
    const update = plan.changes[1];
    expect(update.action === 'update' && update.fields).toEqual([{ path: 'actions[0].value', before: 'Tier 1', after: 'Tier 2' }]);
    expect(plan.summary).toEqual({ create: 1, update: 1, delete: 0, reorder: 0, unmanaged: 0 });
  });

  it('renames in place via previous_title instead of delete + create', () => {
    const config = desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 3'), { previousKey: 'Escalate to T3' })] });
    const current = liveByKind({ macros: [live('macros', 9, macroSpec('Escalate to T3'))] });
    const { plan } = diff({ desired: config, live: current, target, now });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ action: 'update', key: 'Escalations::Tier 3', previousKey: 'Escalate to T3', live: { id: 9 } });
  });

  it('reports live objects config/ does not declare as unmanaged, not as changes', () => {
    const { plan } = diff({ desired: desiredConfig(), live: liveByKind({ macros: [live('macros', 1, macroSpec('Downgrade and inform'))] }), target, now });
    expect(plan.changes).toEqual([]);
    expect(plan.unmanaged).toEqual([{ kind: 'macros', key: 'Downgrade and inform' }]);
  });

  it('deletes them when pruning is on for the kind', () => {
    const config = desiredConfig();
    config.settings.prune.macros = true;
    const { plan } = diff({ desired: config, live: liveByKind({ macros: [live('macros', 1, macroSpec('Old macro'))] }), target, now });
    expect(plan.changes).toMatchObject([{ action: 'delete', key: 'Old macro', live: { id: 1 } }]);
  });

  it('refuses to guess between two live objects with the same title', () => {
    const config = desiredConfig({ macros: [desired('macros', macroSpec('Twin'))] });
    const current = liveByKind({ macros: [live('macros', 1, macroSpec('Twin')), live('macros', 2, macroSpec('Twin'))] });
    const { plan, diagnostics } = diff({ desired: config, live: current, target, now });
    expect(plan.changes).toEqual([]);
    expect(diagnostics[0].message).toContain("2 live macros are titled 'Twin'");
  });

  it('proposes a reorder when the managed order differs, ignoring unmanaged objects between them', () => {
    const config = desiredConfig(
      { automations: [desired('automations', automationSpec('A')), desired('automations', automationSpec('B'))] },
      { lists: { automations: [entry('B'), entry('A')] }, files: { automations: 'config/automations/_order.yaml' } },
    );
    const current = liveByKind({
      automations: [live('automations', 1, automationSpec('A'), { position: 1 }), live('automations', 2, automationSpec('Default'), { position: 2 }), live('automations', 3, automationSpec('B'), { position: 3 })],
    });
    const { plan } = diff({ desired: config, live: current, target, now });
    expect(plan.changes).toEqual([{ action: 'reorder', kind: 'automations', scope: null, file: 'config/automations/_order.yaml', before: ['A', 'B'], after: ['B', 'A'] }]);
  });

  it('needs no reorder when new objects go at the end, where Zendesk puts them', () => {
    const config = desiredConfig(
      { automations: [desired('automations', automationSpec('A')), desired('automations', automationSpec('New'))] },
      { lists: { automations: [entry('A'), entry('New')] } },
    );
    const { plan } = diff({ desired: config, live: liveByKind({ automations: [live('automations', 1, automationSpec('A'))] }), target, now });
    expect(plan.changes.map((c) => c.action)).toEqual(['create']);
  });
});
