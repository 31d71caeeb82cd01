/** What a reviewer approves, as a digest: the same plan hashes the same, a different one never does. */
import { describe, expect, it } from 'vitest';
import { diff } from '../helpers/builders.ts';
import type { Change, ChangeWith, MacroSpec, Plan, TriggerSpec, WebhookSpec } from '../../scripts/core/model.ts';
import { bindPlan, changeIdentities, compareIdentities, configDigest, planDigest } from '../../scripts/core/planDigest.ts';
import { differenceLines } from '../../scripts/render/words.ts';
import { desired, desiredConfig, live, liveByKind, macroSpec } from '../helpers/builders.ts';

const target = 'http://127.0.0.1:4010';
const planFor = (liveMacros = [live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'))], now = new Date('2026-11-21T10:00:00Z')) =>
  diff({
    desired: desiredConfig({ macros: [desired('macros', macroSpec('Escalations::Tier 2', 'Tier 2')), desired('macros', macroSpec('New macro'))] }),
    live: liveByKind({ macros: liveMacros }),
    target,
    now,
  }).plan;

/** The same object with its keys in reverse order at every level. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
}

function withChange(plan: Plan, index: number, edit: (change: Change) => Change): Plan {
  return { ...plan, changes: plan.changes.map((c, i) => (i === index ? edit(structuredClone(c)) : c)) };
}

describe('planDigest', () => {
  it('is the same for two plans of the same thing made at different times, after Zendesk touched the object, in any key order', () => {
    const first = planFor();
    const later = planFor([live('macros', 7, macroSpec('Escalations::Tier 2', 'Tier 1'), { updatedAt: '2026-11-21T11:00:00Z' })], new Date('2026-11-22T09:00:00Z'));
    expect(planDigest(later)).toBe(planDigest(first));
    expect(planDigest(reversedKeys(first))).toBe(planDigest(first));
    expect(planDigest(first)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('covers keys named __proto__, as JSON.parse and YAML make them: a difference hidden in one changes the digest', () => {
    const plan = planFor();
    const hiding = (inner: string) => withChange(plan, 0, (c) => ({ ...c, after: { ...(c as { after: object }).after, ...JSON.parse(`{"__proto__": ${inner}}`) } }) as Change);
    expect(planDigest(hiding('{"title": "A"}'))).not.toBe(planDigest(hiding('{"title": "B"}')));
    expect(planDigest(hiding('"gold"'))).not.toBe(planDigest(plan));
  });

  it('leaves out notices and the file path, which say nothing about what is sent', () => {
    const plan = planFor();
    const annotated = withChange(plan, 0, (c) => ({ ...c, notices: ['note expired on 2026-11-20'], file: 'teams/emea/macros/x.yaml' }) as Change);
    expect(planDigest(annotated)).toBe(planDigest(plan));
  });

  it('differs when a change differs: another value, another id, another target, a change more', () => {
    const plan = planFor();
    const digest = planDigest(plan);
    const update = plan.changes.findIndex((c) => c.action === 'update');
    expect(planDigest(withChange(plan, update, (c) => ({ ...c, after: { ...(c as { after: object }).after, active: false } }) as Change))).not.toBe(digest);
    expect(planDigest(withChange(plan, update, (c) => ({ ...c, live: { id: 8, updatedAt: '2026-01-01T00:00:00Z' } }) as Change))).not.toBe(digest);
    expect(planDigest({ ...plan, target: 'https://other.zendesk.com' })).not.toBe(digest);
    expect(planDigest({ ...plan, changes: plan.changes.slice(1) })).not.toBe(digest);
  });

  it('differs when a name the plan uses now leads to another object', () => {
    const plan = planFor();
    const update = plan.changes.findIndex((c) => c.action === 'update');
    const to = (id: string) => withChange(plan, update, (c) => ({ ...c, references: { 'ticketFields:Product area': id } }) as Change);
    expect(planDigest(to('901'))).not.toBe(planDigest(to('902')));
  });

  it('leaves out a webhook update made only of a credential change: the merge-request job cannot see secrets', () => {
    const base = planFor();
    const rotation: ChangeWith<'update', 'webhooks'> = {
      action: 'update', kind: 'webhooks', key: 'Slack live feed', file: 'config/webhooks/slack.yaml', live: { id: 'w1', updatedAt: 'x' },
      fields: [{ path: 'authentication.credential', sensitive: true }],
      // A stale key no WebhookSpec has (plan.json's `after` is open): the digest still leaves the credential out.
      after: { name: 'Slack live feed', authentication: { type: 'bearer_token', credential: 'abcdef0123456789', secret_env: 'ZENDESK_WEBHOOK_SECRET_SLACK' } } as unknown as WebhookSpec,
    };
    expect(planDigest({ ...base, changes: [...base.changes, rotation] })).toBe(planDigest(base));
    // With a visible field change too, the update counts, but not the credential it carries.
    const renamed = { ...rotation, fields: [...rotation.fields, { path: 'endpoint', before: 'https://a', after: 'https://b' }] };
    const withoutSecret = { ...renamed, after: { ...renamed.after, authentication: { type: 'bearer_token' as const, credential: null, secret_env: 'ZENDESK_WEBHOOK_SECRET_SLACK' } } };
    expect(planDigest({ ...base, changes: [renamed] })).toBe(planDigest({ ...base, changes: [withoutSecret] }));
    expect(planDigest({ ...base, changes: [renamed] })).not.toBe(planDigest(base));
  });
});

describe('configDigest', () => {
  it('depends on paths and contents, not on listing order or line endings', () => {
    const files = [{ path: 'triggers/a.yaml', content: 'title: A\n' }, { path: 'settings.yaml', content: 'prune: {}\n' }];
    const digest = configDigest(files);
    expect(configDigest([...files].reverse())).toBe(digest);
    expect(configDigest([{ ...files[0], content: 'title: A\r\n' }, files[1]])).toBe(digest);
    expect(configDigest([{ ...files[0], content: 'title: B\n' }, files[1]])).not.toBe(digest);
    expect(configDigest([{ ...files[0], path: 'triggers/b.yaml' }, files[1]])).not.toBe(digest);
  });
});

describe('bindPlan', () => {
  it('records where the plan came from, and its digest, before the changes', () => {
    const bound = bindPlan(planFor(), { configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.1.0' });
    expect(bound.provenance).toEqual({ configDigest: `sha256:${'0'.repeat(64)}`, commit: null, toolVersion: '0.1.0', target });
    expect(bound.digest).toBe(planDigest(bound));
    expect(Object.keys(bound).indexOf('digest')).toBeLessThan(Object.keys(bound).indexOf('changes'));
  });
});

describe('comparing change identities', () => {
  it('says which change carries another id, which is gone and which is new', () => {
    const reviewed = planFor();
    const deleteOf = (id: number): Change => ({ action: 'delete', kind: 'triggers', key: 'harmless-looking', live: { id, updatedAt: 'x' }, before: { title: 'harmless-looking' } as TriggerSpec });
    const saved = changeIdentities({ changes: [...reviewed.changes, deleteOf(123)] });
    const fresh = changeIdentities({ changes: [reviewed.changes[0], deleteOf(456), { action: 'create', kind: 'macros', key: 'Surprise', file: 'f', after: {} as MacroSpec }] });
    const comparison = compareIdentities(saved, fresh);
    expect(comparison.same).toBe(false);
    expect(differenceLines(comparison, 'the plan')).toEqual([
      'delete trigger "harmless-looking": the plan says id 123, Zendesk\'s trigger of that name is 456',
      `${reviewed.changes[1].action} macro "${(reviewed.changes[1] as { key: string }).key}": not in a fresh plan`,
      'create macro "Surprise": new since the plan',
    ]);
    expect(compareIdentities(saved, saved).same).toBe(true);
  });
});
