import { describe, expect, it } from 'vitest';
import { positionUpdates, reorderedScope } from '../../scripts/apply/positions.ts';
import { automationSpec, live } from '../helpers/builders.ts';

const a = (id: number, title: string, position: number) => live('automations', id, automationSpec(title), { position });

describe('reordering within the slots managed objects hold', () => {
  it('swaps two managed automations and leaves the unmanaged one in its place', () => {
    const scope = [a(1, 'A', 1), a(2, 'Unmanaged', 2), a(3, 'B', 3)];
    expect(reorderedScope(scope, ['B', 'A']).map((o) => o.key)).toEqual(['B', 'Unmanaged', 'A']);
    expect(positionUpdates(scope, ['B', 'A'])).toEqual([{ id: 3, position: 1 }, { id: 1, position: 3 }]);
  });

  it('writes nothing when the order is already right', () => {
    expect(positionUpdates([a(1, 'A', 1), a(2, 'B', 2)], ['A', 'B'])).toEqual([]);
  });

  it('renumbers when live positions collide', () => {
    const updates = positionUpdates([a(1, 'A', 5), a(2, 'B', 5)], ['B', 'A']);
    expect(updates.map((u) => u.id)).toEqual([2, 1]);
    expect(new Set(updates.map((u) => u.position)).size).toBe(2);
  });
});
