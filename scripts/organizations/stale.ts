/**
 * A saved plan's organization and user changes are stale when Zendesk changed
 * those records after the plan was made (their updated_at moved). Only the
 * records the plan touches are read: show_many, 100 ids per request (§9.2, §10.2).
 */
import type { Change, Plan } from '../core/plan.ts';
import type { RawObject } from '../kinds/kind.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';

type Update = Extract<Change, { action: 'update' }>;

export async function organizationStaleReasons(client: ZendeskClient, plan: Plan): Promise<string[]> {
  const updates = plan.changes.filter((c): c is Update => c.action === 'update' && (c.kind === 'organizations' || c.kind === 'users'));
  const reasons: string[] = [];
  for (const kind of ['organizations', 'users'] as const) {
    const mine = updates.filter((c) => c.kind === kind);
    const found = (
      await mapConcurrent(chunks(mine.map((c) => String(c.live.id)), 100), client.concurrency, async (batch) =>
        (await client.get<Record<string, RawObject[]>>(`${kind}/show_many`, { ids: batch.join(',') })).body?.[kind] ?? [],
      )
    ).flat();
    const byId = new Map(found.map((raw) => [String(raw.id), raw]));
    const label = kind === 'organizations' ? 'organization' : 'user';
    for (const change of mine) {
      const current = byId.get(String(change.live.id));
      if (!current) reasons.push(`${label} "${change.key}" was deleted in Zendesk`);
      else if (String(current.updated_at ?? '') !== change.live.updatedAt) {
        reasons.push(`${label} "${change.key}" was changed in Zendesk at ${String(current.updated_at)} (the plan saw ${change.live.updatedAt})`);
      }
    }
  }
  return reasons;
}
