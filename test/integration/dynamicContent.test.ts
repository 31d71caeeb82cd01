/**
 * Dynamic content managed end to end (issue 10 item 6), through the CLI, node-zendesk and
 * the sandbox: import → no changes; a variant edited, added and removed; a rename in
 * place; and validate refusing an item without its default locale's variant or with a
 * locale the account does not have. Locales by code throughout, never ids.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { appliesAndSettles, workspaceEachTest, type Workspace } from './harness.ts';

let ws: Workspace;
const fresh = workspaceEachTest((next) => (ws = next));

const liveItem = (name: string) => ws.sandbox.state().collections.dynamic_content_items?.find((item) => item.name === name);
const liveVariants = (name: string) =>
  (ws.sandbox.state().collections.dynamic_content_variants ?? []).filter((v) => v._item_id === liveItem(name)?.id);
const byLocale = (name: string, localeId: number) => liveVariants(name).find((v) => v.locale_id === localeId);

const settles = () => appliesAndSettles(ws);

describe('dynamic content', () => {
  beforeEach(() => fresh.startImported('dynamic_content'));

  it('imports items with their variants by locale code, then plans no changes', async () => {
    const file = await ws.read('config/dynamic_content/refund-policy.yaml');
    expect(file).toContain('default_locale: en-US');
    expect(file).toMatch(/variants:\n {2}en-US: Refunds are issued/);
    expect(file).toMatch(/ {2}fr:\n {4}content: Les remboursements.*\n {4}active: false/);
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.stdout).toContain('No changes. Zendesk matches config/.');
    expect(plan.code).toBe(0);
  });

  it('an edited variant plans as that locale\'s text, and apply converges', async () => {
    await ws.edit('config/dynamic_content/refund-policy.yaml', 'within 14 days', 'within 30 days');
    const plan = await ws.run(['plan', '--detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('~ update dynamic content item "Refund policy"');
    expect(plan.stdout).toContain('variants.en-US');
    expect(plan.stdout).toMatch(/Plan: 0 to create, 1 to update, 0 to delete/);
    const before = byLocale('Refund policy', 1);
    await settles();
    const after = byLocale('Refund policy', 1);
    expect(after?.content).toContain('within 30 days');
    expect(after?.id).toBe(before?.id);
  });

  it('adds a locale\'s variant, switches one on and removes another', async () => {
    await ws.edit('config/dynamic_content/signature.yaml', /^variants:\n/m, 'variants:\n  fr: "Cordialement,\\nL\'équipe support Acme"\n');
    await ws.edit('config/dynamic_content/signature.yaml', /^ {2}de: .*\n/m, '');
    await ws.edit('config/dynamic_content/refund-policy.yaml', /active: false/, 'active: true');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('variants.fr');
    expect(plan.stdout).toContain('variants.de');
    expect(plan.stdout).toMatch(/0 to create, 2 to update, 0 to delete/);
    await settles();
    expect(liveVariants('Signature').map((v) => v.locale_id).sort((a, b) => Number(a) - Number(b))).toEqual([1, 16]);
    expect(byLocale('Refund policy', 16)?.active).toBe(true);
  });

  it('moves the default to another locale', async () => {
    await ws.edit('config/dynamic_content/signature.yaml', 'default_locale: en-US', 'default_locale: de');
    await settles();
    expect(liveItem('Signature')?.default_locale_id).toBe(8);
    expect(byLocale('Signature', 8)?.default).toBe(true);
    expect(byLocale('Signature', 1)?.default).toBe(false);
  });

  it('creates an item with its variants, and deletes none it does not manage', async () => {
    await ws.write('config/dynamic_content/out-of-office.yaml', [
      'name: Out of office',
      'default_locale: en-US',
      'variants:',
      '  en-US: We are away until Monday.',
      '  de: { content: Wir sind bis Montag nicht da., active: false }',
      '',
    ].join('\n'));
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('+ create dynamic content item "Out of office"');
    await settles();
    expect(liveItem('Out of office')?.placeholder).toBe('{{dc.out_of_office}}');
    expect(byLocale('Out of office', 8)).toMatchObject({ active: false, default: false });
  });

  it('renames an item in place with previous_name, keeping its placeholder', async () => {
    const before = liveItem('Signature');
    await ws.edit('config/dynamic_content/signature.yaml', /^name: .*$/m, 'name: Email signature\nprevious_name: Signature');
    const plan = await ws.run(['plan']);
    expect(plan.stdout).toContain('~ rename dynamic content item "Signature" → "Email signature"');
    expect(plan.stdout).toMatch(/0 to create, 1 to update, 0 to delete/);
    await settles();
    expect(liveItem('Email signature')).toMatchObject({ id: before?.id, placeholder: '{{dc.signature}}' });
  });

  it('validate refuses an item without its default locale\'s variant at file:line', async () => {
    await ws.edit('config/dynamic_content/signature.yaml', 'default_locale: en-US', 'default_locale: fr');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/dynamic_content\/signature\.yaml:2:\d+: error: the default locale 'fr' has no variant \(default_locale\)/);
  });

  it('validate refuses a locale code the account does not have at file:line, and plan sends nothing', async () => {
    await ws.edit('config/dynamic_content/refund-policy.yaml', /^ {2}de:/m, '  nl:');
    const result = await ws.run(['validate']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/config\/dynamic_content\/refund-policy\.yaml:\d+:\d+: error: unknown locale 'nl'.*\n\s+hint: the account's locales: en-US, de, fr/);
    const plan = await ws.run(['apply']);
    expect(plan.code).toBe(1);
    expect(liveVariants('Refund policy').map((v) => v.locale_id)).toEqual([1, 8, 16]);
  });
});
