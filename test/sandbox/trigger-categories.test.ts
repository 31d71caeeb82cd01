/** Reference §5.3: the newer trigger-category API, with string ids and `errors[]` bodies. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { api, startSandbox } from './harness.ts';

let sandbox: ZendeskSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

describe('trigger categories', () => {
  it('creates with 200 and string ids, refuses blank names', async () => {
    const created = await api(sandbox, 'POST', 'trigger_categories', { trigger_category: { name: 'Routing', position: 2 } });
    expect(created.status).toBe(200);
    expect(created.body.trigger_category).toMatchObject({ name: 'Routing', position: 2, id: expect.stringMatching(/^\d+$/) });

    const blank = await api(sandbox, 'POST', 'trigger_categories', { trigger_category: { name: '' } });
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ errors: [{ code: 'InvalidTriggerCategory', title: 'Name cannot be blank' }] });
  });

  it('pages with cursors and sorts by name', async () => {
    const first = await api(sandbox, 'GET', 'trigger_categories?page[size]=1&sort=-name');
    expect(first.body.trigger_categories.map((c: { name: string }) => c.name)).toEqual(['Routing']);
    expect(first.body.meta.has_more).toBe(true);
    const next = await fetchAbsolute(first.body.links.next);
    expect(next.trigger_categories.map((c: { name: string }) => c.name)).toEqual(['Notifications']);
    expect(next.meta.has_more).toBe(false);
    expect(next.links.next).toBeNull();
    const back = await fetchAbsolute(next.links.prev);
    expect(back.trigger_categories.map((c: { name: string }) => c.name)).toEqual(['Routing']);
  });

  it('updates with PATCH and answers unknown ids with TriggerCategoryNotFound', async () => {
    const [category] = (await api(sandbox, 'GET', 'trigger_categories?sort=name')).body.trigger_categories;
    const patched = await api(sandbox, 'PATCH', `trigger_categories/${category.id}`, { trigger_category: { position: 5 } });
    expect(patched.body.trigger_category).toMatchObject({ name: category.name, position: 5 });

    const missing = await api(sandbox, 'GET', 'trigger_categories/404404');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].code).toBe('TriggerCategoryNotFound');
  });

  it('refuses to delete a category that still has triggers', async () => {
    const notifications = (await api(sandbox, 'GET', 'trigger_categories')).body.trigger_categories.find(
      (c: { name: string }) => c.name === 'Notifications',
    );
    const reply = await api(sandbox, 'DELETE', `trigger_categories/${notifications.id}`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].code).toBe('TriggerCategoryNotEmpty');
  });

  it('moves triggers and categories in one batch job, all or nothing', async () => {
    const categories = (await api(sandbox, 'GET', 'trigger_categories')).body.trigger_categories;
    const routing = categories.find((c: { name: string }) => c.name === 'Routing');
    const [trigger] = (await api(sandbox, 'GET', 'triggers')).body.triggers;

    const failed = await api(sandbox, 'POST', 'trigger_categories/jobs', {
      job: { action: 'patch', items: { triggers: [{ id: String(trigger.id), category_id: '31337' }] } },
    });
    expect(failed.status).toBe(400);
    expect(failed.body).toEqual({
      status: 'failed',
      errors: [{ code: 'InvalidTrigger', title: 'category_id is not valid', trigger_id: String(trigger.id) }],
    });

    const done = await api(sandbox, 'POST', 'trigger_categories/jobs', {
      job: {
        action: 'patch',
        items: {
          trigger_categories: [{ id: routing.id, position: 0 }],
          triggers: [{ id: String(trigger.id), category_id: routing.id, position: 3, active: false }],
        },
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.status).toBe('complete');
    expect(done.body.results.trigger_categories[0]).toMatchObject({ id: routing.id, position: 0 });
    expect(done.body.results.triggers[0]).toMatchObject({ id: trigger.id, category_id: routing.id, position: 3, active: false });
  });
});

async function fetchAbsolute(url: string) {
  expect(url.startsWith(`${sandbox.url}/api/v2/trigger_categories`)).toBe(true);
  const reply = await api(sandbox, 'GET', url.slice(sandbox.url.length));
  return reply.body;
}
