import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../scripts/core/diagnostics.ts';
import { decodeUtf8, parseYamlSource } from '../../scripts/config/yamlSource.ts';

const trigger = [
  'title: Route VIP tickets',             // 1
  'conditions:',                          // 2
  '  all:',                               // 3
  '    - { field: status, operator: is, value: new }', // 4
  '    - field: current_tags',            // 5
  '      operator: includes',             // 6
  '      value: vip',                     // 7
  'actions:',                             // 8
  '  - { field: comment_value, value: "Hi {{ticket.requester.first_name}}" }', // 9
].join('\n');

describe('parseYamlSource', () => {
  it('returns the plain value, placeholders untouched', () => {
    const source = parseYamlSource(trigger, 'config/triggers/vip.yaml');
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toMatchObject({
      title: 'Route VIP tickets',
      actions: [{ field: 'comment_value', value: 'Hi {{ticket.requester.first_name}}' }],
    });
  });

  it('locates fields at their key, in block and flow style', () => {
    const { locate } = parseYamlSource(trigger, 'config/triggers/vip.yaml');
    expect(locate(['title'])).toEqual({ file: 'config/triggers/vip.yaml', line: 1, col: 1 });
    expect(locate(['conditions', 'all', 0, 'operator'])).toEqual({ file: 'config/triggers/vip.yaml', line: 4, col: 24 });
    expect(locate(['conditions', 'all', 1])).toMatchObject({ line: 5, col: 7 });
    expect(locate(['conditions', 'all', 1, 'operator'])).toMatchObject({ line: 6, col: 7 });
  });

  it('falls back to the nearest ancestor for a field that is missing', () => {
    const { locate } = parseYamlSource(trigger, 'config/triggers/vip.yaml');
    // conditions.all[1] has no `negate`: point at the condition itself.
    expect(locate(['conditions', 'all', 1, 'negate'])).toMatchObject({ line: 5, col: 7 });
    expect(locate(['conditions', 'any', 0])).toMatchObject({ line: 2, col: 1 });
    expect(locate(['actions', 7, 'value'])).toMatchObject({ line: 8, col: 1 });
  });

  it('reports a syntax error at its line and column', () => {
    const source = parseYamlSource('title: x\nactions:\n\t- { field: status, value: open }\n', 'config/macros/x.yaml');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([
      'config/macros/x.yaml:3:1: error: invalid YAML: tabs cannot indent YAML; use spaces',
    ]);
  });

  it('rejects duplicate keys, naming the first occurrence', () => {
    const source = parseYamlSource('title: A\nactive: true\ntitle: B\n', 'config/macros/a.yaml');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([
      "config/macros/a.yaml:3:1: error: duplicate key 'title' (first at line 1); YAML would silently keep only one (title)",
    ]);
  });

  it('explains an unquoted placeholder instead of loading it as a mapping', () => {
    const source = parseYamlSource('title: A\nactions:\n  - field: comment_value\n    value: {{ticket.id}}\n', 'config/macros/a.yaml');
    expect(source.value).toBeUndefined();
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([
      'config/macros/a.yaml:4:12: error: unquoted placeholder {{ticket.id}}: YAML reads a value that starts with { as a mapping (actions[0].value)\n'
        + '    hint: quote values that start with {{, e.g. value: "{{ticket.id}}"',
    ]);
  });

  it('adds the quoting hint when an unquoted placeholder breaks the syntax', () => {
    const source = parseYamlSource('title: A\nactions:\n  - field: comment_value\n    value: {{ticket.id}} is new\n', 'config/macros/a.yaml');
    expect(source.diagnostics).toHaveLength(1);
    expect(formatDiagnostic(source.diagnostics[0])).toMatch(/^config\/macros\/a\.yaml:4:\d+: error: invalid YAML: .*\n    hint: quote values that start with \{\{/);
  });

  it('treats a file with only comments as empty, not as an error', () => {
    const source = parseYamlSource('# nothing yet\n', 'config/settings.yaml');
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toBeNull();
  });
});

describe('parseYamlSource: aliases, nesting', () => {
  const shownFor = (text: string) => parseYamlSource(text, 'config/macros/a.yaml').diagnostics.map(formatDiagnostic);

  it('keeps a block reused a few times through an alias', () => {
    const source = parseYamlSource('title: A\nbase: &base { field: status, value: open }\nactions: [*base, *base]\n', 'config/macros/a.yaml');
    expect(source.diagnostics).toEqual([]);
    expect(source.value).toMatchObject({ actions: [{ field: 'status', value: 'open' }, { field: 'status', value: 'open' }] });
  });

  it('refuses an alias bomb at the alias where the expansion passes 10000 values, and builds no value', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g']]) {
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const source = parseYamlSource(lines.join('\n'), 'config/macros/a.yaml');
    expect(source.value).toBeUndefined();
    // b's aliases add 10 × 11 values, c's 10 × 111; the 8th *c on line 4 takes the total past 10000.
    expect(source.diagnostics.map(formatDiagnostic)).toEqual([
      'config/macros/a.yaml:4:36: error: aliases expand this file to more than 10000 values (here: *c)\n'
        + '    hint: an alias may repeat a block a few times; write repeated values out instead of nesting aliases of aliases',
    ]);
  });

  it('reports an alias with no anchor, and one inside the value it repeats, instead of crashing', () => {
    expect(shownFor('title: A\nactions: [*missing]\n')).toEqual(['config/macros/a.yaml:2:11: error: alias *missing has no anchor &missing before it']);
    expect(shownFor('title: A\nactions: &loop [*loop]\n')).toEqual([
      'config/macros/a.yaml:2:17: error: alias *loop is inside the value &loop it repeats, so that value never ends',
    ]);
  });

  it('reports lists nested hundreds deep as one error, not a stack overflow', () => {
    const shown = shownFor(`title: A\nactions: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(/^config\/macros\/a\.yaml:2:\d+: error: invalid YAML: nested too deeply to read/);
  });
});

describe('decodeUtf8', () => {
  it('decodes UTF-8, including a U+FFFD the file really contains', () => {
    expect(decodeUtf8(Buffer.from('title: "Café \uFFFD"\n'), 'config/macros/a.yaml')).toEqual({ text: 'title: "Café \uFFFD"\n' });
  });

  it('points at the line and column of the first byte that is not UTF-8, after real U+FFFDs and multi-byte characters', () => {
    const bytes = Buffer.concat([Buffer.from('title: A\ndescription: \uFFFD née '), Buffer.from([0xff, 0xfe]), Buffer.from(' end\n')]);
    expect(decodeUtf8(bytes, 'config/macros/a.yaml')).toEqual({
      problem: {
        line: 2,
        col: 20,
        message: 'not valid UTF-8 (byte 0xFF); Zendesk text must be UTF-8',
        hint: 're-save config/macros/a.yaml as UTF-8: it was probably written in another encoding, such as Latin-1',
      },
    });
  });
});
