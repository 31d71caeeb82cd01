/**
 * A saved plan is only safe to apply if the objects it touches are as they
 * were when it was made. Pure: compares the plan with a fresh read of live.
 */
import { isManagedKind, KIND_LABELS, type Change, type Plan } from '../core/plan.ts';
import { byPosition, type LiveByKind } from '../core/diff.ts';
import type { LiveObject } from '../kinds/kind.ts';

export function staleReasons(plan: Plan, live: LiveByKind, target: string): string[] {
  if (plan.target !== target) return [`the plan was made for ${plan.target}, not ${target}`];
  const reasons: string[] = [];
  const renames = new Map(
    plan.changes.flatMap((c) => (c.action === 'update' && c.previousKey ? [[`${c.kind}\u0000${c.previousKey}`, c.key] as const] : [])),
  );
  for (const change of plan.changes) {
    // Organizations and users are checked by organizations/stale.ts.
    if (!isManagedKind(change.kind)) continue;
    const objects = live[change.kind] as LiveObject[];
    if (change.action === 'reorder') {
      const now = currentOrder(change, objects, renames);
      if (now.join('\u0000') !== change.before.join('\u0000')) {
        const scope = change.scope ? ` in category "${change.scope}"` : '';
        reasons.push(`the order of ${KIND_LABELS[change.kind].many}${scope} changed in Zendesk (now: ${now.join(' → ')})`);
      }
      continue;
    }
    const label = `${KIND_LABELS[change.kind].one} "${change.key}"`;
    switch (change.action) {
      case 'create':
        if (objects.some((o) => o.key === change.key)) reasons.push(`${label} now exists in Zendesk`);
        break;
      case 'update':
      case 'delete': {
        const current = objects.find((o) => String(o.id) === String(change.live.id));
        if (!current) reasons.push(`${label} was deleted in Zendesk`);
        else if (current.updatedAt !== change.live.updatedAt) {
          reasons.push(`${label} was changed in Zendesk at ${current.updatedAt} (the plan saw ${change.live.updatedAt})`);
        }
        break;
      }
    }
  }
  return reasons;
}

function currentOrder(change: Extract<Change, { action: 'reorder' }>, objects: LiveObject[], renames: Map<string, string>): string[] {
  const wanted = new Set(change.before);
  return objects
    .filter((o) => change.scope === null || o.scope === change.scope)
    .sort(byPosition)
    .map((o) => renames.get(`${change.kind}\u0000${o.key}`) ?? o.key)
    .filter((key) => wanted.has(key));
}
