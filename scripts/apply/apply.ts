/**
 * Carries out a Plan against Zendesk, in dependency order:
 *   0. the kinds rules name, in registry order: webhooks, trigger categories,
 *      dynamic content, ticket fields; the lookups they feed are read again
 *      after them, so rules in the same plan can name what was just created
 *   2. creates and updates of business rules — update_many where Zendesk's bulk
 *      endpoint takes every changed field, one request per object otherwise
 *   2b. organizations and per-user access (bulk jobs, organizations/apply.ts)
 *   3. reorders (trigger category jobs, update_many positions, SLA reorder)
 *   4. deletes, rules before the categories and webhooks they name
 * Each change gets its own outcome; one failure does not stop the others, and
 * since objects are matched by title a re-run picks up exactly what is left.
 */
import type { Change, ChangeAction, ChangeWith, CreateChange, DeleteChange, KindName, Plan, ReorderChange, SpecByKind, UpdateChange } from '../core/model.ts';
import type { ApplyReport, ChangeOutcome } from '../core/applyOutcome.ts';
import { categoryIndex, fetchManaged, liveStateFrom, refreshLookup, type LiveState } from '../kinds/fetch.ts';
import type { KindDefinition, LiveObject, RawObject, ResolveContext, SecretSource } from '../kinds/kind.ts';
import { ReferenceResolver } from '../kinds/references.ts';
import { applyOrganizationChanges } from '../organizations/apply.ts';
import { definitionOf, KIND_LABELS, REFERENCED_KINDS, RULE_KINDS } from '../kinds/registry.ts';
import type { ZendeskClient } from '../zendesk/client.ts';
import { chunks, mapConcurrent } from '../zendesk/limiter.ts';
import { positionUpdates, reorderedScope } from './positions.ts';

// The report is plain data in core/, so renderers read it without importing apply/.
export type { ApplyReport, ChangeOutcome } from '../core/applyOutcome.ts';

export interface ApplyOptions {
  client: ZendeskClient;
  plan: Plan;
  /** A fresh read of live, already checked for staleness against the plan. */
  live: LiveState;
  onOutcome?: (outcome: ChangeOutcome) => void;
  /** Where webhook credentials are read (the command's environment). */
  secrets?: SecretSource;
  /** How to wait between job_status polls (tests pass a fast one). */
  pollSleep?: (ms: number) => Promise<void>;
}

const BULK_LIMIT = 100;

/** A create or update of a managed kind, its `after` that kind's spec. */
type RuleWrite<K extends KindName = KindName> = CreateChange<K, SpecByKind[K]> | RuleUpdate<K>;
type RuleUpdate<K extends KindName = KindName> = UpdateChange<K, SpecByKind[K]>;

export async function applyPlan({ client, plan, live, onOutcome, secrets, pollSleep }: ApplyOptions): Promise<ApplyReport> {
  const outcomes: ChangeOutcome[] = [];
  const record = (outcome: ChangeOutcome) => {
    outcomes.push(outcome);
    onOutcome?.(outcome);
  };
  /** One request that carries a batch of changes: they succeed or fail together. */
  const runBatch = async (changes: readonly Change[], via: string, action: () => Promise<unknown>) => {
    // A stopped client (deadline, unreachable Zendesk) fails everything after: one line, not one per change.
    if (client.stopped) throw client.stopped;
    try {
      await action();
      for (const change of changes) record({ change, status: 'applied', via });
    } catch (error) {
      if (client.stopped) throw client.stopped;
      const message = error instanceof Error ? error.message : String(error);
      for (const change of changes) record({ change, status: 'failed', error: message });
    }
  };
  const run = (change: Change, via: string, action: () => Promise<unknown>) => runBatch([change], via, action);
  const of = <A extends ChangeAction>(kind: KindName, action: A) =>
    plan.changes.filter((c): c is ChangeWith<A, KindName> => c.kind === kind && c.action === action);

  // 0–1. The kinds rules name, in registry order (webhooks, categories, dynamic content,
  // ticket fields), each before the rules that name it. What a kind feeds is read again
  // once it is written, so the rules' payloads find what was just created or renamed.
  let ctx: ResolveContext = { ...live.ctx, ...(secrets ? { secrets } : {}) };
  let lookups = live.lookups;
  for (const kind of REFERENCED_KINDS) {
    const definition = definitionOf(kind);
    const writes = [...of(kind, 'create'), ...of(kind, 'update')];
    if (writes.length === 0) continue;
    const write = (change: (typeof writes)[number]) => run(change, 'single request', () => writeOne(client, change, ctx, live));
    // Ordered kinds (categories) one at a time, so Zendesk appends them in config/'s order.
    if (definition.order === 'none') await mapConcurrent(writes, client.concurrency, write);
    else for (const change of writes) await write(change);
    if (kind === 'trigger_categories') {
      // Their ids are needed to build trigger payloads.
      ctx = { ...ctx, categories: categoryIndex(await client.listAll('trigger_categories', 'trigger_categories')) };
    }
    if (definition.feeds) {
      lookups = await refreshLookup(client, lookups, definition.feeds.lookup);
      ctx = { ...ctx, refs: new ReferenceResolver(lookups) };
    }
  }

  // 2. Creates and updates of rules. Creates of ordered kinds go one at a time
  // so that Zendesk appends them in the order config/ lists them.
  for (const kind of RULE_KINDS) {
    const updates = of(kind, 'update');
    const definition = definitionOf(kind);
    const [bulk, single] = partition(updates, (c) => isBulkable(definition, c));
    for (const batch of chunks(bulk, BULK_LIMIT)) {
      await runBatch(batch, 'update_many', () => updateMany(client, definition, batch, ctx, live.objects[kind]));
    }
    await mapConcurrent(single, client.concurrency, (change) => run(change, 'single request', () => writeOne(client, change, ctx, live)));
    const creates = of(kind, 'create');
    const create = (change: ChangeWith<'create', KindName>) => run(change, 'single request', () => writeOne(client, change, ctx));
    if (definition.order === 'none') await mapConcurrent(creates, client.concurrency, create);
    else for (const change of creates) await create(change);
  }

  // 2b. Organizations and per-user access, through bulk jobs.
  const organizationChanges = plan.changes.filter((c) => c.kind === 'organizations' || c.kind === 'users');
  if (organizationChanges.length > 0) {
    await applyOrganizationChanges({ client, changes: organizationChanges, lookups: live.lookups, record, sleep: pollSleep });
  }

  // 3. Reorders, computed from a fresh read so new and moved objects are in place.
  const reorders = plan.changes.filter((c) => c.action === 'reorder');
  if (reorders.length > 0) {
    // Only the kinds being reordered (and categories, which name the trigger scopes) are read again.
    const kinds = [...new Set<KindName>(['trigger_categories', ...reorders.map((c) => c.kind)])];
    const fresh = liveStateFrom(live.lookups, await fetchManaged(client, kinds));
    for (const change of reorders) await run(change, 'reorder', () => writeOrder(client, change, fresh));
  }

  // 4. Deletes: rules first, then the categories that held them.
  for (const kind of [...RULE_KINDS, ...[...REFERENCED_KINDS].reverse()]) {
    const deletes = of(kind, 'delete');
    const definition = definitionOf(kind);
    if (definition.bulkDelete) {
      for (const batch of chunks(deletes, BULK_LIMIT)) {
        const ids = batch.map((c) => c.live.id).join(',');
        await runBatch(batch, 'destroy_many', () => client.request('DELETE', `${definition.path}/destroy_many`, { query: { ids } }));
      }
    } else {
      await mapConcurrent(deletes, client.concurrency, (change) =>
        run(change, 'single request', () => client.request('DELETE', `${definition.path}/${change.live.id}`, { label: labelOf(change) })),
      );
    }
  }

  const failed = outcomes.filter((o) => o.status === 'failed').length;
  return { outcomes, failed, applied: outcomes.length - failed };
}

/** update_many only takes a few fields (§5.2, §6, §7.2): use it when those are all that changed. */
function isBulkable(definition: KindDefinition, change: UpdateChange): boolean {
  const fields = definition.bulkFields;
  if (!fields || change.previousKey) return false;
  return change.fields.every((f) => fields.includes(f.path.split(/[.[]/)[0]));
}

async function updateMany<K extends KindName>(
  client: ZendeskClient,
  definition: KindDefinition<K>,
  batch: RuleUpdate<K>[],
  ctx: ResolveContext,
  live: readonly LiveObject<K>[],
): Promise<void> {
  // A trigger moved to another category goes after that category's triggers;
  // a reorder in the same plan then puts it where config/ wants it.
  let nextPosition = live.reduce((max, o) => (o.position < Number.MAX_SAFE_INTEGER && o.position > max ? o.position : max), 0) + 1;
  const items = batch.map((change) => {
    const payload = definition.toPayload(change.after, ctx);
    const item: RawObject = { id: change.live.id };
    for (const field of new Set(change.fields.map((f) => f.path.split(/[.[]/)[0]))) {
      if (field === 'category') {
        item.category_id = payload.category_id;
        item.position = nextPosition++;
      } else item[field] = payload[field];
    }
    return item;
  });
  const label = batch.length === 1 ? labelOf(batch[0]) : `${batch.length} ${KIND_LABELS[definition.kind].many}`;
  await client.request('PUT', `${definition.path}/update_many`, { body: { [definition.plural]: items }, label });
}

async function writeOne<K extends KindName>(client: ZendeskClient, change: RuleWrite<K>, ctx: ResolveContext, live?: LiveState): Promise<void> {
  const definition = definitionOf(change.kind);
  const payload = definition.toPayload(change.after, ctx);
  if (change.action === 'create') {
    await client.request('POST', definition.path, { body: { [definition.singular]: payload }, label: labelOf(change) });
    return;
  }
  const raw = live?.raw[change.kind].find((r) => String(r.id) === String(change.live.id));
  if (definition.updateRequests) {
    // A kind whose parts are sub-resources (dynamic content variants) says which requests an update takes.
    if (!raw) throw new Error(`${labelOf(change)} is no longer in Zendesk`);
    for (const request of definition.updateRequests({ id: change.live.id, raw, spec: change.after }, ctx)) {
      await client.request(request.method, request.path, { ...(request.body ? { body: request.body } : {}), label: labelOf(change) });
    }
    return;
  }
  // What config/ cannot express (macro attachments) goes back as live has it, so an update never drops it.
  const kept = raw && definition.preserveOnUpdate ? definition.preserveOnUpdate(raw) : {};
  await client.request(definition.updateMethod, `${definition.path}/${change.live.id}`, {
    body: { [definition.singular]: { ...payload, ...kept } },
    label: labelOf(change),
  });
}

async function writeOrder(client: ZendeskClient, change: ReorderChange, fresh: LiveState): Promise<void> {
  const kindObjects: readonly LiveObject[] = fresh.objects[change.kind];
  const objects = kindObjects.filter((o) => change.scope === null || o.scope === change.scope);
  const updates = positionUpdates(objects, change.after);
  if (updates.length === 0) return;
  const definition = definitionOf(change.kind);
  switch (definition.reorderVia) {
    case 'category-jobs': {
      // The category jobs endpoint sets positions of categories and triggers together (§5.3).
      const key = change.kind === 'triggers' ? 'triggers' : 'trigger_categories';
      for (const batch of chunks(updates, BULK_LIMIT)) {
        const items = batch.map((u) => ({ id: String(u.id), position: u.position }));
        await client.request('POST', 'trigger_categories/jobs', { body: { job: { action: 'patch', items: { [key]: items } } }, idempotent: true, label: labelOf(change) });
      }
      return;
    }
    case 'update_many':
      // Automations (§6) and views (OAS UpdateManyViews) take `{id, position}` items.
      for (const batch of chunks(updates, BULK_LIMIT)) {
        await client.request('PUT', `${definition.path}/update_many`, { body: { [definition.plural]: batch }, label: labelOf(change) });
      }
      return;
    case 'reorder-ids': {
      // Every id in the new order: `sla_policy_ids` (§8.2), `ticket_form_ids` (OAS ReorderTicketForms).
      const ids = reorderedScope(objects, change.after).map((o) => o.id);
      await client.request('PUT', `${definition.path}/reorder`, { body: { [`${definition.singular}_ids`]: ids }, label: labelOf(change) });
      return;
    }
    case null:
      throw new Error(`${KIND_LABELS[change.kind].many} have no order`);
    default: {
      // A new way to reorder is a compile error here, not a reorder silently skipped.
      const unhandled: never = definition.reorderVia;
      throw new Error(`no reorder request ${String(unhandled)}`);
    }
  }
}

/** How requests name the object they write, in notices and errors: by title, never by id. */
function labelOf(change: RuleWrite | DeleteChange | ReorderChange | Change): string {
  return change.action === 'reorder' ? `the order of ${KIND_LABELS[change.kind].many}` : `${KIND_LABELS[change.kind].one} "${change.key}"`;
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((i) => !test(i))];
}
