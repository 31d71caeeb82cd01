/** A seed at the scale the benchmarks ask for: realistic shapes, generated names. */
import type { SandboxState } from '../sandbox/zendesk/state.ts';
import { defaultSeed } from '../sandbox/zendesk/seed.ts';

/** How many of each rule kind are generated (bench.ts counts what the account holds, views from the default seed included). */
const SCALE = { triggers: 1000, automations: 500, macros: 2000, slaPolicies: 100, categories: 10 };

export function largeAccountSeed(): SandboxState {
  const seed = defaultSeed();
  const groups = ['Support', 'Tier 1', 'Tier 2', 'Tier 3', 'Billing'];
  const groupIds = (seed.collections.groups ?? []).filter((g) => groups.includes(String(g.name))).map((g) => g.id);
  const categories = Array.from({ length: SCALE.categories }, (_, i) => ({ id: String(900000 + i), name: `Category ${i + 1}`, position: i + 1 }));
  const triggers = Array.from({ length: SCALE.triggers }, (_, i) => ({
    title: `Route rule ${String(i + 1).padStart(4, '0')}`,
    active: i % 7 !== 0,
    position: i + 1,
    category_id: categories[i % SCALE.categories].id,
    conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }, { field: 'current_tags', operator: 'includes', value: `route_${i}` }], any: [] },
    actions: [{ field: 'group_id', value: String(groupIds[i % groupIds.length]) }],
  }));
  const automations = Array.from({ length: SCALE.automations }, (_, i) => ({
    title: `Follow-up ${String(i + 1).padStart(4, '0')}`,
    active: true,
    position: i + 1,
    conditions: { all: [{ field: 'status', operator: 'is', value: 'pending' }, { field: 'PENDING', operator: 'is', value: String(24 + i) }], any: [] },
    actions: [{ field: 'current_tags', value: `followup_${i}` }],
  }));
  const macros = Array.from({ length: SCALE.macros }, (_, i) => ({
    title: `Reply::Template ${String(i + 1).padStart(4, '0')}`,
    active: true,
    actions: [{ field: 'comment_value', value: `Hello {{ticket.requester.first_name}}, template ${i}.` }],
  }));
  const slaPolicies = Array.from({ length: SCALE.slaPolicies }, (_, i) => ({
    title: `SLA tier ${String(i + 1).padStart(3, '0')}`,
    position: i + 1,
    filter: { all: [{ field: 'current_tags', operator: 'includes', value: `sla_${i}` }], any: [] },
    policy_metrics: [{ priority: 'urgent', metric: 'first_reply_time', target: 30 + i, business_hours: false }],
  }));
  return {
    ...seed,
    collections: { ...seed.collections, trigger_categories: categories, triggers, automations, macros, sla_policies: slaPolicies },
  };
}
