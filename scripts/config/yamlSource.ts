/**
 * One YAML file of config/, parsed with `yaml` (not js-yaml) because only it keeps
 * source positions: every later diagnostic can then say file:line:col.
 */
import { readFile } from 'node:fs/promises';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, ParsedNode, YAMLError } from 'yaml';
import type { Diagnostic } from '../core/diagnostics.ts';
import { formatFieldPath } from './fieldPath.ts';
import type { Locator, PathSegment, SourcePosition } from './model.ts';

export interface YamlSource {
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  /** The plain JS value; `undefined` when the file has YAML errors. */
  value: unknown;
  locate: Locator;
  diagnostics: Diagnostic[];
}

export const PLACEHOLDER_HINT = 'quote values that start with {{, e.g. value: "{{ticket.id}}"';

export async function readYamlSource(absolutePath: string, file: string): Promise<YamlSource> {
  return parseYamlSource(await readFile(absolutePath, 'utf8'), file);
}

export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicates are reported by checkNode with both positions instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number): SourcePosition => ({ file, ...lineCounter.linePos(offset) });
  const locate = makeLocator(doc, at);

  const diagnostics = syntaxDiagnostics(doc.errors, text, at);
  if (doc.errors.length === 0 && doc.contents) {
    checkNode(doc.contents, [], { text, at, diagnostics });
  }
  const value = diagnostics.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
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
  for (const error of errors) {
    const position = at(error.pos[0]);
    // The parser often reports one mistake several times on the same line; the first says it best.
    if (seenLines.has(position.line)) continue;
    seenLines.add(position.line);
    const lineText = text.split(/\r?\n/)[position.line - 1] ?? '';
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
