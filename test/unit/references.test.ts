/**
 * No name ever resolves to the wrong object: for every kind config/ looks up by
 * name, a live id becomes a reference that leads back to that same id, and a
 * reference several objects could answer to is refused with the candidates.
 */
import { describe, expect, it } from 'vitest';
import { emptyLookups, type Lookups, type NamedLookupKind } from '../../scripts/core/model.ts';
import { NameIndex, parseRef } from '../../scripts/core/nameRefs.ts';
import { ReferenceResolver, UnresolvedReferenceError } from '../../scripts/kinds/references.ts';

/** Each looked-up kind with the sharing real accounts show: one retired twin, and two active twins. */
function sharedNames(): Lookups {
  const lookups = emptyLookups();
  const twins = (base: number, name: string, other: string) => [
    { id: base + 1, name, active: false },
    { id: base + 2, name, active: true },
    { id: base + 3, name: other, active: true },
    { id: base + 4, name: other, active: true },
  ];
  lookups.groups = twins(100, 'Billing', 'Escalations');
  lookups.brands = twins(200, 'Acme Support', 'Acme Labs');
  lookups.ticketForms = twins(300, 'Billing request', 'Refunds');
  lookups.schedules = twins(400, 'Support hours', 'EMEA hours');
  lookups.webhooks = twins(500, 'Slack live feed', 'PagerDuty').map((w) => ({ ...w, id: `01H${w.id}` }));
  lookups.customStatuses = twins(600, 'Waiting on engineering', 'Escalated');
  lookups.targets = twins(700, 'Legacy CRM hook', 'Ops mailbox');
  lookups.users = [
    { id: 801, email: 'Chris.Lead@Example.com', name: 'Chris' },
    { id: 802, email: 'lee@example.com', name: 'Lee' },
  ];
  lookups.ticketFields = [
    { id: 901, title: 'Product area', type: 'tagger', active: false, options: [{ id: 1, name: 'Billing', value: 'legacy_area_billing' }] },
    { id: 902, title: 'Product area', type: 'tagger', active: true, options: [{ id: 2, name: 'Billing', value: 'product_billing' }] },
    { id: 903, title: 'Order number', type: 'text', active: true, options: [] },
    { id: 904, title: 'Order number', type: 'text', active: true, options: [] },
    { id: 905, title: 'Priority', type: 'priority', active: true, options: [] },
  ];
  return lookups;
}

const KINDS: NamedLookupKind[] = ['groups', 'brands', 'ticketForms', 'schedules', 'webhooks', 'customStatuses', 'targets'];

describe('references by name on an account with shared names', () => {
  const lookups = sharedNames();
  const refs = new ReferenceResolver(lookups);

  for (const kind of KINDS) {
    it(`${kind}: every live id is written so that it leads back to that same id`, () => {
      for (const record of lookups[kind]) {
        const written = refs.nameOf(kind, record.id);
        expect(refs.idOf(kind, written)).toBe(String(record.id));
      }
    });

    it(`${kind}: the plain name means the one active object; the retired twin is written [inactive]`, () => {
      const [retired, current] = lookups[kind];
      expect(refs.nameOf(kind, current.id)).toBe(current.name);
      expect(refs.nameOf(kind, retired.id)).toBe(`${retired.name} [inactive]`);
      expect(refs.idOf(kind, current.name)).toBe(String(current.id));
    });

    it(`${kind}: two active objects of one name are never picked by guess`, () => {
      const [, , first, second] = lookups[kind];
      expect(() => refs.idOf(kind, first.name)).toThrow(UnresolvedReferenceError);
      expect(() => refs.idOf(kind, first.name)).toThrow(`[id:${first.id}]' (active) or '${first.name} [id:${second.id}]' (active)`);
      expect(refs.nameOf(kind, second.id)).toBe(`${second.name} [id:${second.id}]`);
    });
  }

  it('agents: emails match ignoring case and are shown as Zendesk stores them', () => {
    expect(refs.idOf('users', 'chris.lead@example.com')).toBe('801');
    expect(refs.nameOf('users', 801)).toBe('Chris.Lead@Example.com');
    const canonical = refs.canonicalActions([{ field: 'notification_user', value: ['chris.lead@example.com', 's', 'b'] }]);
    expect(canonical).toEqual([{ field: 'notification_user', value: ['Chris.Lead@Example.com', 's', 'b'] }]);
  });

  it('ticket fields: a condition on the retired field stays on the retired field, with its own options', () => {
    const live = { all: [{ field: 'custom_fields_901', operator: 'is', value: 'legacy_area_billing' }], any: [] };
    const named = refs.conditionsToNames(live);
    expect(named.all[0]).toEqual({ field: 'ticket_field:Product area [inactive]', operator: 'is', value: 'Billing' });
    expect(refs.conditionsToIds(named)).toEqual(live);
    const active = refs.conditionsToIds({ all: [{ field: 'ticket_field:Product area', operator: 'is', value: 'Billing' }], any: [] });
    expect(active.all[0]).toEqual({ field: 'custom_fields_902', operator: 'is', value: 'product_billing' });
  });

  it('ticket fields: two active fields of one title are told apart by id, and the bare title is refused', () => {
    const named = refs.conditionsToNames({ all: [{ field: 'custom_fields_904', operator: 'present' }], any: [] });
    expect(named.all[0].field).toBe('ticket_field:Order number [id:904]');
    expect(refs.conditionsToIds(named).all[0].field).toBe('custom_fields_904');
    expect(() => refs.conditionsToIds({ all: [{ field: 'ticket_field:Order number', operator: 'present' }], any: [] })).toThrow(
      "2 ticket fields are named 'Order number'",
    );
  });

  it('a field the account no longer lists keeps its id both ways', () => {
    const named = refs.conditionsToNames({ all: [{ field: 'custom_fields_999', operator: 'present' }], any: [] });
    expect(named.all[0].field).toBe('ticket_field:[id:999]');
    expect(refs.conditionsToIds(named).all[0].field).toBe('custom_fields_999');
  });

  it('system fields are not candidates for ticket_field: titles', () => {
    expect(() => refs.conditionsToIds({ all: [{ field: 'ticket_field:Priority', operator: 'present' }], any: [] })).toThrow("unknown ticket field 'Priority'");
  });

  it('SLA filters get ids back as JSON numbers, rules as strings', () => {
    const filter = { all: [{ field: 'ticket_form_id', operator: 'is', value: 'Billing request' }], any: [] };
    expect(refs.conditionsToIds(filter, { numericIds: true }).all[0].value).toBe(302);
    expect(refs.conditionsToIds(filter).all[0].value).toBe('302');
  });

  it('a pinned id must carry the name that id has', () => {
    expect(() => refs.idOf('groups', 'Billing [id:103]')).toThrow("group 103 is named 'Escalations', not 'Billing'");
  });
});

describe('reference syntax', () => {
  it('reads the qualifiers and leaves other brackets alone', () => {
    expect(parseRef('Product area [inactive]')).toEqual({ name: 'Product area', qualifier: { kind: 'inactive' } });
    expect(parseRef('Escalations [id:360012]')).toEqual({ name: 'Escalations', qualifier: { kind: 'id', id: '360012' } });
    expect(parseRef('[id:42]')).toEqual({ name: '', qualifier: { kind: 'id', id: '42' } });
    expect(parseRef('Tier [2]')).toEqual({ name: 'Tier [2]', qualifier: { kind: 'none' } });
  });

  it('a name that itself ends in a qualifier is still found by that name', () => {
    const index = new NameIndex([{ id: '1', name: 'Old [inactive]', active: true }]);
    expect(index.resolve('Old [inactive]')).toMatchObject({ ok: true, id: '1' });
    expect(index.refFor('1')).toBe('Old [inactive]');
  });

  it('an all-digit name carries its id, so it never reads as a bare id', () => {
    const index = new NameIndex([{ id: '7', name: '2024', active: true }]);
    expect(index.refFor('7')).toBe('2024 [id:7]');
    expect(index.resolve('2024 [id:7]')).toMatchObject({ ok: true, id: '7' });
  });
});
