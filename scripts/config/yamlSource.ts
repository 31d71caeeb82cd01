/**
 * One YAML file of config/, parsed with `yaml` (not js-yaml) because only it keeps
 * source positions: every later diagnostic can then say file:line:col.
 *
 * Everything a file can do to the tool is bounded here, before any value is built:
 * its size, its encoding, its nesting and how far aliases expand it. Each limit is
 * far above any real config and is reported at file:line, never as a crash.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAlias, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Alias, Document, Node as YamlNode, ParsedNode, YAMLError } from 'yaml';
import type { Diagnostic, Locator, PathSegment, SourcePosition } from '../core/model.ts';
import { fileErrorReason } from './configFiles.ts';
import { formatFieldPath } from '../core/fieldPath.ts';

export interface YamlSource {
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  /** The plain JS value; `undefined` when the file has YAML errors. */
  value: unknown;
  locate: Locator;
  diagnostics: Diagnostic[];
}

export const PLACEHOLDER_HINT = 'quote values that start with {{, e.g. value: "{{ticket.id}}"';

/**
 * A config file holds one object. The largest business rule Zendesk accepts is
 * 65 KB of JSON (support.zendesk.com/hc/en-us/articles/4408832701850), a few times
 * that as YAML; 1 MiB leaves room for large organization files and still stops a
 * runaway file before it is read into memory.
 */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Aliases (`*name`) repeat an anchored value (`&name`) without repeating its text, so a
 * few lines can stand for billions of values (an "alias bomb"). Reusing a block of
 * conditions a few times adds tens of values; 10000 is never reached by a real file.
 */
export const MAX_ALIAS_EXPANSION = 10_000;

export async function readYamlSource(absolutePath: string, file: string): Promise<YamlSource> {
  const read = await readConfigText(absolutePath, file);
  return 'text' in read ? parseYamlSource(read.text, file) : unreadable(file, read.problem);
}

/** What makes a whole file unusable; at its first line unless the position is known. */
interface Problem {
  message: string;
  hint?: string;
  line?: number;
  col?: number;
}

/** A file that cannot be used at all: one error, and no value. */
function unreadable(file: string, problem: Problem): YamlSource {
  const diagnostic: Diagnostic = { severity: 'error', file, line: 1, col: 1, ...problem };
  return { file, value: undefined, locate: () => ({ file, line: diagnostic.line, col: diagnostic.col }), diagnostics: [diagnostic] };
}

/** The file's text, or why it cannot be used: unreadable, too large, or not UTF-8. */
async function readConfigText(absolutePath: string, file: string): Promise<{ text: string } | { problem: Problem }> {
  let bytes: Buffer;
  try {
    // stat first: a huge file is refused without reading it, and a FIFO is never opened (it would block).
    const info = await stat(absolutePath);
    if (info.isDirectory()) return { problem: { message: 'cannot read this file: it is a directory' } };
    if (!info.isFile()) return { problem: { message: 'cannot read this file: it is not a regular file' } };
    if (info.size > MAX_FILE_BYTES) return { problem: tooLarge(info.size) };
    bytes = await readFile(absolutePath);
  } catch (error) {
    return { problem: { message: `cannot read this file: ${fileErrorReason(error)}` } };
  }
  if (bytes.length > MAX_FILE_BYTES) return { problem: tooLarge(bytes.length) };
  return decodeUtf8(bytes, file);
}

function tooLarge(bytes: number): Problem {
  return {
    message: `the file is ${Math.ceil(bytes / 1024)} KiB; config files are limited to ${MAX_FILE_BYTES / 1024} KiB (1 MiB)`,
    hint: 'a config file holds one object; Zendesk refuses business rules larger than 65 KB',
  };
}

/**
 * Zendesk stores UTF-8; a file saved as Latin-1 would otherwise have its accents
 * turned into U+FFFD and planned as a real change. The first bad byte is located
 * by decoding leniently and finding the first U+FFFD the file did not itself contain.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): { text: string } | { problem: Problem } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    // ignoreBOM keeps a byte-order mark in the text, so text offsets map back to byte offsets.
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    let index = lenient.indexOf('\uFFFD');
    let offset = 0;
    while (index !== -1) {
      offset = Buffer.byteLength(lenient.slice(0, index), 'utf8');
      const literal = bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;
      if (!literal) break;
      index = lenient.indexOf('\uFFFD', index + 1);
    }
    const before = lenient.slice(0, index).replace(/^\uFEFF/, '');
    const lineStart = before.lastIndexOf('\n') + 1;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      problem: {
        line: before.split('\n').length,
        col: before.length - lineStart + 1,
        message: `not valid UTF-8 (byte 0x${byte}); Zendesk text must be UTF-8`,
        hint: `re-save ${file} as UTF-8: it was probably written in another encoding, such as Latin-1`,
      },
    };
  }
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicates are reported by checkNode with both positions instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): SourcePosition => ({ file, ...lineCounter.linePos(offset) });
  const locate = makeLocator(doc, at);

  const diagnostics = syntaxDiagnostics(doc.errors, text, at);
  if (doc.errors.length === 0 && doc.contents) {
    diagnostics.push(...aliasDiagnostics(doc.contents, at));
    checkNode(doc.contents, [], { text, at, diagnostics });
  }
  // maxAliasCount off: aliasDiagnostics bounded the expansion already, with a position.
  const value = diagnostics.length === 0 ? doc.toJS({ maxAliasCount: -1 }) : undefined;
  return { file, value, locate, diagnostics };
}

function makeLocator(doc: Document.Parsed, at: (offset: number) => SourcePosition): Locator {
  return (path) => {
    let node: unknown = doc.contents;
    let position = startOf(node, at) ?? at(0);
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        // A map entry is located at its key: that is where the field "is" for the reader.
        position = startOf(pair.key, at) ?? position;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        position = startOf(node, at) ?? position;
      } else {
        break;
      }
    }
    return position;
  };
}

function startOf(node: unknown, at: (offset: number) => SourcePosition): SourcePosition | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? at(range[0]) : undefined;
}

function syntaxDiagnostics(errors: readonly YAMLError[], text: string, at: (offset: number) => SourcePosition): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seenLines = new Set<number>();
  let lines: string[] | undefined;
  for (const error of errors) {
    const position = at(error.pos[0]);
    // The parser often reports one mistake several times on the same line; the first says it best.
    if (seenLines.has(position.line)) continue;
    seenLines.add(position.line);
    lines ??= text.split(/\r?\n/);
    const lineText = lines[position.line - 1] ?? '';
    diagnostics.push({
      severity: 'error',
      ...position,
      message: `invalid YAML: ${syntaxMessage(error)}`,
      hint: hasUnquotedPlaceholder(lineText) ? PLACEHOLDER_HINT : undefined,
    });
  }
  return diagnostics;
}

function syntaxMessage(error: YAMLError): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'tabs cannot indent YAML; use spaces';
    case 'RESOURCE_EXHAUSTION':
      // The parser stopped instead of overflowing its stack: lists or mappings nested hundreds deep.
      return 'nested too deeply to read; a config file needs a few levels, not hundreds';
    case 'MULTIPLE_DOCS':
      return 'a config file holds one object, but this one has a second document (---)';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `${lowerFirst(error.message)} (check the indentation of this line and the one above)`;
    default:
      return lowerFirst(error.message);
  }
}

/** `value: {{ticket.id}}` or `- {{ticket.id}}`: a placeholder the user forgot to quote. */
function hasUnquotedPlaceholder(line: string): boolean {
  return /(^|[:\-,[]\s*)\{\{/.test(line);
}

/**
 * Resolves every alias the way `yaml` does (the last anchor of that name before it)
 * and counts the values each one repeats, without expanding anything. The walk is
 * iterative and post-order, so an anchored value is counted before any alias that
 * repeats it, and a file of chained aliases cannot overflow the stack.
 */
function aliasDiagnostics(contents: ParsedNode, at: (offset: number) => SourcePosition): Diagnostic[] {
  const anchored = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode>();
  const sizes = new Map<unknown, number>();
  let repeated = 0;
  const error = (alias: Alias, message: string, hint?: string): Diagnostic[] => [
    { severity: 'error', ...at(alias.range?.[0] ?? 0), message, ...(hint ? { hint } : {}) },
  ];

  const stack: { node: unknown; entered: boolean }[] = [{ node: contents, entered: false }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const { node } = frame;
    if (!frame.entered) {
      frame.entered = true;
      if (isAlias(node)) {
        const target = anchored.get(node.source);
        if (!target) return error(node, `alias *${node.source} has no anchor &${node.source} before it`);
        // Its anchor is still open: the alias sits inside the value it repeats.
        if (!sizes.has(target)) return error(node, `alias *${node.source} is inside the value &${node.source} it repeats, so that value never ends`);
        targets.set(node, target);
      } else if (isNode(node) && node.anchor) {
        anchored.set(node.anchor, node);
      }
      const children = childrenOf(node);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], entered: false });
      continue;
    }
    stack.pop();
    if (isAlias(node)) {
      const size = sizes.get(targets.get(node)) ?? 1;
      repeated += size;
      if (repeated > MAX_ALIAS_EXPANSION) {
        return error(
          node,
          `aliases expand this file to more than ${MAX_ALIAS_EXPANSION} values (here: *${node.source})`,
          'an alias may repeat a block a few times; write repeated values out instead of nesting aliases of aliases',
        );
      }
      sizes.set(node, size);
    } else {
      let size = 1;
      for (const child of childrenOf(node)) size += sizes.get(child) ?? 1;
      sizes.set(node, size);
    }
  }
  return [];
}

function childrenOf(node: unknown): unknown[] {
  if (isSeq(node)) return node.items;
  if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value]);
  return [];
}

interface CheckContext {
  text: string;
  at: (offset: number) => SourcePosition;
  diagnostics: Diagnostic[];
}

/** Walks the parsed tree for mistakes the parser accepts: duplicate keys and unquoted placeholders. */
function checkNode(node: ParsedNode | null, path: PathSegment[], context: CheckContext): void {
  if (isSeq(node)) {
    node.items.forEach((item, index) => checkNode(item as ParsedNode | null, [...path, index], context));
    return;
  }
  if (!isMap(node)) return;

  if (looksLikeUnquotedPlaceholder(node)) {
    const [start, end] = node.range;
    context.diagnostics.push({
      severity: 'error',
      ...context.at(start),
      field: formatFieldPath(path) || undefined,
      message: `unquoted placeholder ${context.text.slice(start, end).trim()}: YAML reads a value that starts with { as a mapping`,
      hint: PLACEHOLDER_HINT,
    });
    return;
  }

  const firstSeen = new Map<string, SourcePosition>();
  for (const pair of node.items) {
    const key = pair.key as ParsedNode | null;
    if (!isScalar(key)) {
      context.diagnostics.push({
        severity: 'error',
        ...(startOf(key, context.at) ?? context.at(node.range[0])),
        field: formatFieldPath(path) || undefined,
        message: 'keys must be plain text, not a list or mapping',
      });
      continue;
    }
    const name = String(key.value);
    const position = context.at(key.range[0]);
    const earlier = firstSeen.get(name);
    if (earlier) {
      context.diagnostics.push({
        severity: 'error',
        ...position,
        field: formatFieldPath([...path, name]),
        message: `duplicate key '${name}' (first at line ${earlier.line}); YAML would silently keep only one`,
      });
    } else {
      firstSeen.set(name, position);
    }
    checkNode(pair.value as ParsedNode | null, [...path, name], context);
  }
}

/** `{{ticket.id}}` parses as a flow map whose only key is another flow map. */
function looksLikeUnquotedPlaceholder(node: ParsedNode): boolean {
  if (!isMap(node) || !node.flow || node.items.length !== 1) return false;
  const [pair] = node.items;
  return isMap(pair.key) && pair.value === null;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
