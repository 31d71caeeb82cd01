/**
 * Issue 10 item 5: import writes YAML with the package config/ is read with, and every
 * file it writes reads back, with our own loader (config/yamlSource.ts), as the very
 * values it was written from: no warning, no error, no string turned into a number,
 * a boolean, null, an alias or a mapping. The account is the long-lived one plus rules
 * and organizations whose titles, names and texts YAML would misread if written plain,
 * all created over HTTP and read back by the same fetch import uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../scripts/config/yamlSource.ts';
import type { LiveByKind } from '../../scripts/core/diff.ts';
import { KINDS } from '../../scripts/kinds/registry.ts';
import { configFilesFrom, settingsFile } from '../../scripts/import/toFiles.ts';
import { fetchLiveState, type LiveState } from '../../scripts/kinds/fetch.ts';
import type { RawObject } from '../../scripts/kinds/kind.ts';
import { organizationNames } from '../../scripts/organizations/names.ts';
import { organizationFile, organizationFiles } from '../../scripts/organizations/toFiles.ts';
import { longLivedSeed } from '../../scripts/sandbox/zendesk/long-lived-seed.ts';
import { DEFAULT_CREDENTIALS, startZendeskSandbox, type ZendeskSandbox } from '../../scripts/sandbox/zendesk/server.ts';
import { ZendeskClient } from '../../scripts/zendesk/client.ts';

/** Single-line texts a YAML reader would take for something else, or that a reader could not see. */
const TRICKY_TITLES = [
  'yes', 'No', 'on', 'OFF', 'y', 'true', 'null', '~', '123', '0123', '1e3', '0x1F', '0o17', '1_000', '12:30', '2026-11-21', '.inf', '=', '.',
  '*urgent*', '&co follow-up', '!important', '%complete', '@support', '`code`', '|pipe', '>quote', '- dash first', '? question first',
  '{{ticket.title}} follow-up', '[VIP] tickets', '{not a map}', 'Re: billing', 'Refunds # finance', '# hashtag first', 'trailing colon:',
  '"Quoted" title', "It's 'single'", 'both "double" and \'single\'', '  padded  ', 'tab\there', 'no-break\u00a0space', 'line\u2028separator',
  'back\\slash', 'Café ünïcode', '日本語サポート', '😀 emoji', '---', '...',
];

/** Texts over several lines, as email bodies and descriptions are. */
const TRICKY_TEXTS = [
  'line one\nline two',
  'ends with a line break\n',
  'ends with blank lines\n\n',
  '\nstarts with a line break',
  '  indented first line\nsecond',
  'trailing spaces  \nnext',
  'last line is only spaces\n  ',
  'windows\r\nline breaks',
  'a tab\tinside\nand more',
  'Hi {{ticket.requester.first_name}},\n\n# not a comment\n- not a list\nkey: not a map\n*not an alias',
];

let sandbox: ZendeskSandbox;
let live: LiveState;
let organizations: RawObject[];

beforeAll(async () => {
  sandbox = await startZendeskSandbox({ seed: longLivedSeed() });
  const client = new ZendeskClient({ baseUrl: sandbox.url, auth: { kind: 'api-token', email: DEFAULT_CREDENTIALS.email, apiToken: DEFAULT_CREDENTIALS.apiToken } });
  const create = (path: string, body: unknown) => client.request('POST', path, { body });
  for (const [i, title] of TRICKY_TITLES.entries()) {
    const text = TRICKY_TEXTS[i % TRICKY_TEXTS.length];
    await create('triggers', {
      trigger: {
        title,
        description: text,
        conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }, { field: 'current_tags', operator: 'includes', value: title }], any: [] },
        actions: [{ field: 'notification_user', value: ['requester_id', title, text] }],
      },
    });
    await create('macros', { macro: { title, actions: [{ field: 'comment_value', value: text }] } });
  }
  for (const [i, name] of ['yes', '123', '*Star* Corp', 'Re: Acme', 'Café ünïcode'].entries()) {
    await create('organizations', {
      organization: { name, external_id: `tricky-${i}`, notes: TRICKY_TEXTS[i], details: TRICKY_TEXTS[i + 5], tags: ['yes', '007', 'on'] },
    });
  }
  live = await fetchLiveState(client);
  organizations = (await client.listAll<RawObject>('organizations', 'organizations')).filter((o) => String(o.external_id).startsWith('tricky-'));
  expect(organizations).toHaveLength(5);
});
afterAll(() => sandbox.close());

/** The file's value as config/ reads it; fails the test on any diagnostic. */
function readBack(file: { path: string; content: string }): Record<string, unknown> {
  const source = parseYamlSource(file.content, file.path);
  expect(source.diagnostics, `${file.path}:\n${file.content}`).toEqual([]);
  return source.value as Record<string, unknown>;
}

describe('every file import writes reads back as the values it was written from', () => {
  it('rule and webhook files: each field as Zendesk holds it, tricky titles and texts included', () => {
    const objects = live.objects as LiveByKind;
    const files = configFilesFrom(objects, KINDS);
    let checked = 0;
    for (const file of files.filter((f) => !f.path.endsWith('/_order.yaml'))) {
      const kind = file.path.split('/')[0] as keyof LiveByKind;
      const value = readBack(file);
      const key = String(value.title ?? value.name);
      const object = objects[kind].find((o) => o.key === key);
      expect(object, `${file.path}: no live ${kind} is called ${JSON.stringify(key)}`).toBeDefined();
      const spec = object?.spec as unknown as Record<string, unknown>;
      for (const [field, written] of Object.entries(value)) {
        // The authentication written is a variable to set, not what Zendesk holds (it never shows secrets).
        if (field !== 'authentication') expect(written, `${file.path}: ${field}`).toEqual(spec[field]);
      }
      checked++;
    }
    for (const title of TRICKY_TITLES) {
      expect(objects.triggers.some((t) => t.key === title), `trigger ${JSON.stringify(title)}`).toBe(true);
      expect(objects.macros.some((m) => m.key === title), `macro ${JSON.stringify(title)}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(2 * TRICKY_TITLES.length);
  });

  it('order files list every title as a string, in Zendesk\'s order', () => {
    const objects = live.objects as LiveByKind;
    const files = configFilesFrom(objects, KINDS);
    const order = (path: string) => readBack(files.find((f) => f.path === path) ?? { path, content: '' });
    const categories = order('triggers/_order.yaml').categories as { name: string; triggers: string[] }[];
    expect(categories.map((c) => c.name).sort()).toEqual(objects.trigger_categories.map((c) => c.key).sort());
    expect(categories.flatMap((c) => c.triggers).sort()).toEqual(objects.triggers.map((t) => t.key).sort());
    expect(order('automations/_order.yaml').automations).toEqual(expect.arrayContaining(objects.automations.map((a) => a.key)));
  });

  it('organization files: the same fields as the organization holds, names, notes and tags included', () => {
    const names = organizationNames(live.lookups);
    const files = organizationFiles(organizations, names);
    expect(files).toHaveLength(organizations.length);
    files.forEach((file, i) => {
      expect(readBack(file)).toEqual(JSON.parse(JSON.stringify(organizationFile(organizations[i], names))));
    });
    expect(readBack(files[0]).tags).toEqual(['yes', '007', 'on']);
  });

  it('settings.yaml', () => {
    expect(readBack(settingsFile()).prune).toMatchObject({ triggers: false, webhooks: false });
  });
});
