/**
 * How imported config/ files read to a person: the YAML shapes import writes
 * (scripts/config/yamlWrite.ts). That they read back as the same values is
 * test/integration/importRoundTrip.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../scripts/config/yamlSource.ts';
import { toYaml } from '../../scripts/config/yamlWrite.ts';

const readBack = (text: string) => parseYamlSource(text, 'file.yaml').value;

describe('toYaml', () => {
  it('writes plain block YAML, keys in the order given', () => {
    expect(toYaml({ title: 'Route billing', active: true, conditions: { all: [{ field: 'group_id', operator: 'is', value: 'Billing' }], any: [] } })).toBe(
      'title: Route billing\nactive: true\nconditions:\n  all:\n    - field: group_id\n      operator: is\n      value: Billing\n  any: []\n',
    );
  });

  it('double-quotes text any YAML reader would take for a boolean, number, date, null, alias, tag or mapping', () => {
    for (const text of ['yes', 'off', 'true', '123', '1_000', '12:30', '2026-11-21', 'null', '~', '*urgent', '&co', '!important', '{{ticket.id}}', 'Re: x', 'a #b']) {
      expect(toYaml({ title: text })).toBe(`title: ${JSON.stringify(text)}\n`);
    }
  });

  it('writes text over several lines as a literal block, and a long line as one line', () => {
    expect(toYaml({ body: 'Hi,\n\nThanks.' })).toBe('body: |-\n  Hi,\n\n  Thanks.\n');
    const long = 'word '.repeat(60).trim();
    expect(toYaml({ title: long })).toBe(`title: ${long}\n`);
  });

  it('shows characters a reader cannot see as escapes', () => {
    expect(toYaml({ title: 'tab\there', name: 'no-break\u00a0space', line: 'a\u2028b' })).toBe('title: "tab\\there"\nname: "no-break\\_space"\nline: "a\\Lb"\n');
    expect(readBack(toYaml({ title: 'tab\there', name: 'no-break\u00a0space', line: 'a\u2028b' }))).toEqual({ title: 'tab\there', name: 'no-break\u00a0space', line: 'a\u2028b' });
  });

  it('leaves no line holding only spaces, even for text that starts with a line break', () => {
    const text = toYaml({ actions: [{ value: ['\nHi,', 'ok'] }] });
    expect(text).not.toMatch(/^ +$/m);
    expect(readBack(text)).toEqual({ actions: [{ value: ['\nHi,', 'ok'] }] });
  });

  it('writes a repeated value out each time, never as an anchor and alias', () => {
    const condition = { field: 'status', operator: 'is', value: 'open' };
    const text = toYaml({ all: [condition], any: [condition] });
    expect(text).not.toMatch(/[&*]a\d|&\w+ |\*\w+\n/);
    expect(readBack(text)).toEqual({ all: [condition], any: [condition] });
  });
});
