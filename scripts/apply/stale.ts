/**
 * A saved plan is only safe to apply if the objects it touches are as they
 * were when it was made. Pure: compares the plan with a fresh read of live.
 */
import { isManagedKind, KIND_LABELS, type Change, type Plan } from '../core/plan.ts';
import { byPosition, type LiveByKind } from '../core/diff.ts';
import type { LiveObject } from '../kinds/kind.ts';
import { LOOKUP_LABEL, type ReferenceResolver, type ReferenceSpace } from '../kinds/references.ts';

export function staleReasons(plan: Plan, live: LiveByKind, target: string, refs?: ReferenceResolver): string[] {
  if (plan.target !== target) return [`the plan was made for ${plan.target}, not ${target}`];
  const reasons: string[] = refs ? movedReferences(plan, refs) : [];
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

/**
 * A name in a saved plan must still lead to the object it led to when the plan
 * was reviewed: a field retired or a group renamed since would otherwise move a
 * condition to another object without anyone seeing it.
 */
function movedReferences(plan: Plan, refs: ReferenceResolver): string[] {
  const reasons: string[] = [];
  for (const change of plan.changes) {
    if ((change.action !== 'create' && change.action !== 'update') || !change.references) continue;
    for (const [key, id] of Object.entries(change.references)) {
      const at = key.indexOf(':');
      const space = key.slice(0, at) as ReferenceSpace;
      const reference = key.slice(at + 1);
      const now = refs.resolveIn(space, reference);
      if (now.ok && now.id === id) continue;
      const label = `${KIND_LABELS[change.kind].one} "${change.key}"`;
      const what = space === 'ticketFields' ? 'ticket field' : LOOKUP_LABEL[space];
      reasons.push(now.ok
        ? `${label}: ${what} '${reference}' now means a different ${what} than when the plan was made`
        : `${label}: ${what} '${reference}' no longer leads to one ${what} (${now.reason})`);
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
