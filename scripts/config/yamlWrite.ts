/**
 * Writing config/ files: the YAML text and the file names import gives them.
 * Pure: values in, files out; the caller writes them.
 *
 * YAML is written with `yaml`, the package yamlSource.ts reads it with, so what one
 * writes the other reads back as the same values (test/integration/importRoundTrip.test.ts).
 */
import { Document, type ScalarTag, type ToStringOptions } from 'yaml';
import { stringTag } from 'yaml/util';

// A file of config/, as import writes it and as a plan's config digest reads it.
export type { ConfigFile } from '../core/planDigest.ts';
import type { ConfigFile } from '../core/planDigest.ts';

/**
 * Block style throughout, keys in the order given, no anchors, lines never folded
 * (a long title stays one line to grep and to diff), and multi-line text as a
 * literal block (`|-`), as a person would write an email body.
 *
 * A string a YAML reader would take for something else is double-quoted: numbers,
 * true/false/null, `{{placeholders}}` (a flow mapping), `*alias`, `&anchor`,
 * `!tag`, `: ` and ` #` inside. `compat: 'yaml-1.1'` also quotes what only
 * YAML 1.1 readers misread (yes/no/on/off, 1_000, 12:30, dates), so the files
 * mean the same in any editor or linter that opens them.
 */
const WRITE_OPTIONS: ToStringOptions = {
  lineWidth: 0,
  blockQuote: 'literal',
  singleQuote: false,
  indentSeq: true,
  // An escaped "\n" stays an escape: a quoted string is never broken over lines.
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
};

export function toYaml(value: unknown): string {
  const customTags = (tags: unknown[]) => tags.map((tag) => (tag === stringTag ? visibleStringTag : tag)) as ScalarTag[];
  return new Document(value, { aliasDuplicateObjects: false, compat: 'yaml-1.1', customTags }).toString(WRITE_OPTIONS);
}

/**
 * Characters a reader cannot see or that YAML 1.1 readers take for a line break
 * (tab, DEL, C1 controls, no-break space, U+2028/2029, byte-order mark, non-characters):
 * a string holding any is written double-quoted with them escaped, so a review shows
 * them. So is a string of only spaces, and `=` (YAML 1.1's "value" key).
 */
const INVISIBLE = /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/;

const visibleStringTag: ScalarTag = {
  ...stringTag,
  stringify(item, ctx, onComment, onChompKeep) {
    const text = String(item.value);
    if (INVISIBLE.test(text) || /^\s+$/.test(text) || text === '=') return escapedDoubleQuoted(text);
    // A block whose text starts with a line break opens with an empty line: written
    // empty, not as indentation alone, which editors strip and linters flag.
    const written = stringTag.stringify!(item, ctx, onComment, onChompKeep);
    const header = /^[|>][^\n]*\n/.exec(written)?.[0];
    return header && ctx.indent && written.startsWith(`${header}${ctx.indent}\n`) ? header + written.slice(header.length + ctx.indent.length) : written;
  },
};

/** YAML 1.2 §5.7 escapes; what is not printable (§5.1) as \xXX, \uXXXX or \UXXXXXXXX. */
const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '\x1B': '\\e',
  '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xA0': '\\_', '\u2028': '\\L', '\u2029': '\\P',
};
const NOT_PRINTABLE = /[\0-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/u;

function escapedDoubleQuoted(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (ESCAPES[char]) out += ESCAPES[char];
    else if (!NOT_PRINTABLE.test(char)) out += char;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return `${out}"`;
}

const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

/** One file per item in `folder`, named after its title; a repeated title gets -2, -3, … */
export function filesNamedAfter<T>(folder: string, items: readonly T[], title: (item: T) => string, content: (item: T) => string): ConfigFile[] {
  const used = new Set<string>();
  return items.map((item) => {
    const base = slug(title(item));
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return { path: `${folder}/${name}.yaml`, content: content(item) };
  });
}

/** A title as a file name: ASCII letters and digits joined by `-`, at most 80 characters. */
export function slug(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return s || 'untitled';
}
