import { describe, expect, it } from 'vitest';
import { diffFields, sameValue } from '../../scripts/core/fieldDiff.ts';

describe('field-level differences a reviewer sees', () => {
  it('points at the one condition value that changed, not the whole list', () => {
    const before = { conditions: { all: [{ field: 'group_id', operator: 'is', value: 'Tier 1' }], any: [] } };
    const after = { conditions: { all: [{ field: 'group_id', operator: 'is', value: 'Tier 2' }], any: [] } };
    expect(diffFields(before, after)).toEqual([{ path: 'conditions.all[0].value', before: 'Tier 1', after: 'Tier 2' }]);
  });

  it('shows a list that grew as a whole before → after', () => {
    const changes = diffFields({ actions: [{ field: 'status', value: 'open' }] }, { actions: [{ field: 'status', value: 'open' }, { field: 'priority', value: 'high' }] });
    expect(changes).toHaveLength(1);
    expect(changes[0].path).toBe('actions');
  });

  it('does not report 30 in YAML and "30" from Zendesk as a change', () => {
    expect(sameValue(30, '30')).toBe(true);
    expect(diffFields({ target: '30' }, { target: 30 })).toEqual([]);
  });

  it('still reports null against a value', () => {
    expect(diffFields({ description: null }, { description: 'Escalate' })).toEqual([{ path: 'description', before: null, after: 'Escalate' }]);
  });
});
