/** validate refuses control characters in titles and names: they only ever fake lines in plans and notes. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../scripts/config/load.ts';
import { validateConfig } from '../../scripts/config/validate.ts';
import { shown } from './helpers.ts';

/** YAML double quotes write control characters as escapes: `\n` is a line feed in the title. */
const FILES: Record<string, string> = {
  'macros/newline.yaml': 'title: "Close and thank\\n/label ~x"\nactions:\n  - { field: status, value: solved }\n',
  'macros/tab.yaml': 'title: "Close\\tquietly"\nactions:\n  - { field: status, value: solved }\n',
  'macros/escape.yaml': 'title: "Close \\e[2Jnow"\nactions:\n  - { field: status, value: solved }\n',
  // A rename away from a live title that has one must stay possible.
  'macros/renamed.yaml': 'title: Close politely\nprevious_title: "Close\\u0085politely"\nactions:\n  - { field: status, value: solved }\n',
  'macros/bidi.yaml': 'title: "Keep \u202eeteled\u202c"\nactions:\n  - { field: status, value: solved }\n',
  'macros/clean.yaml': 'title: "Escalations::Tier 1 — @support, see https://example.com"\nactions:\n  - { field: status, value: open }\n',
  'triggers/_order.yaml': 'categories:\n  - name: Routing\n    triggers: []\n  - name: "Intake\\x7f"\n    triggers: []\n',
  'webhooks/feed.yaml': 'name: "Live\\x9bfeed"\nendpoint: https://hooks.slack.com/services/X\nhttp_method: POST\nrequest_format: json\n',
  'organizations/globex.yaml': 'name: "Globex\\r\\nInc"\nsalesforce_id: 0015g0000000002AAA\n',
};

let root: string;
let output: string[];
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'zd-titles-'));
  root = join(dir, 'config');
  for (const [file, content] of Object.entries(FILES)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), content);
  }
  const { config } = await loadConfig(relative(process.cwd(), root));
  output = shown(validateConfig(config));
});
afterAll(() => rm(dirname(root), { recursive: true, force: true }));

const at = (file: string) => `${relative(process.cwd(), join(root, file))}`;
const hint = '\n    hint: write it on one line, without tabs or other control characters';

describe('validate: control characters in titles and names', () => {
  it('refuses a line break in a macro title, naming file, line, field, character and position', () => {
    expect(output).toContain(`${at('macros/newline.yaml')}:1:1: error: title contains a control character (U+000A at position 16) (title)${hint}`);
  });

  it('refuses a tab and an escape character too', () => {
    expect(output).toContain(`${at('macros/tab.yaml')}:1:1: error: title contains a control character (U+0009 at position 6) (title)${hint}`);
    expect(output).toContain(`${at('macros/escape.yaml')}:1:1: error: title contains a control character (U+001B at position 7) (title)${hint}`);
  });

  it('refuses a bidirectional override, which makes a title read in another order than it is', () => {
    expect(output).toContain(`${at('macros/bidi.yaml')}:1:1: error: title contains a control character (U+202E at position 6) (title)${hint}`);
  });

  it('refuses DEL in a trigger category, C1 in a webhook name and CR in an organization name', () => {
    expect(output).toContain(`${at('triggers/_order.yaml')}:4:5: error: name contains a control character (U+007F at position 7) (categories[1].name)${hint}`);
    expect(output).toContain(`${at('webhooks/feed.yaml')}:1:1: error: name contains a control character (U+009B at position 5) (name)${hint}`);
    expect(output).toContain(`${at('organizations/globex.yaml')}:1:1: error: name contains a control character (U+000D at position 7) (name)${hint}`);
  });

  it('lets a rename leave a live title that has one, and passes titles with mentions and links (the renderers make those inert)', () => {
    const about = (file: string) => output.filter((line) => line.startsWith(at(file)) && line.includes('control character'));
    expect(about('macros/renamed.yaml')).toEqual([]);
    expect(about('macros/clean.yaml')).toEqual([]);
    expect(about('triggers/_order.yaml')).toHaveLength(1);
  });
});
