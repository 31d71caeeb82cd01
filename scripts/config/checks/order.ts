/**
 * The order files and the object files must agree: every object of an ordered kind
 * (triggers, automations, SLA policies, views) is listed exactly once in its kind's _order.yaml, and every listed
 * title has a file. Order is data of its own (as in Salto), not a field per object.
 */
import { posix } from 'node:path';
import type { DesiredConfig, DesiredObject, Diagnostic, KindName, SourcePosition } from '../../core/model.ts';
import { FOLDER_KINDS, KIND_DEFINITIONS } from '../../kinds/registry.ts';
import { didYouMean } from '../suggest.ts';
import { kindNoun, reportAt } from './report.ts';

interface ListedEntry {
  key: string;
  at: SourcePosition;
  field: string;
  category?: string;
}

/** What the hint says about an object its kind's order file does not list (the kind's definition). */
function whyListed(kind: KindName): string {
  const place = KIND_DEFINITIONS[kind].config;
  return place.in === 'folder' ? (place.orderFile?.why ?? '') : '';
}

export function checkOrder(config: DesiredConfig): Diagnostic[] {
  return FOLDER_KINDS.filter((k) => k.orderSchema !== null).flatMap(({ kind }) => checkKindOrder(config, kind, listedEntries(config, kind)));
}

function listedEntries(config: DesiredConfig, kind: KindName): ListedEntry[] {
  if (KIND_DEFINITIONS[kind].order === 'by-category') {
    return config.order.triggers.flatMap((category, i) =>
      category.triggers.map((entry, j) => ({ ...entry, field: `categories[${i}].triggers[${j}]`, category: category.category })),
    );
  }
  return (config.order.lists[kind] ?? []).map((entry, index) => ({ ...entry, field: `${kind}[${index}]` }));
}

function checkKindOrder(config: DesiredConfig, kind: KindName, entries: ListedEntry[]): Diagnostic[] {
  const objects: readonly DesiredObject[] = config.objects[kind];
  const skipped = (config.skipped ?? []).filter((file) => file.kind === kind);
  const orderFile = config.order.files[kind] ?? posix.join(config.root.replace(/\\/g, '/'), kind, '_order.yaml');
  const noun = kindNoun(kind);
  const declared = new Set([...objects.map((object) => object.key), ...skipped.flatMap((file) => (file.key ? [file.key] : []))]);
  const diagnostics: Diagnostic[] = [];

  const firstListing = new Map<string, ListedEntry>();
  for (const entry of entries) {
    const first = firstListing.get(entry.key);
    if (first) {
      diagnostics.push(listedTwice(entry, first, noun));
      continue;
    }
    firstListing.set(entry.key, entry);
    if (!declared.has(entry.key)) diagnostics.push(listedWithoutFile(entry, objects, firstListing, noun, kind));
  }

  // An order file that could not be parsed lists nothing we know of; its own error says why.
  if (skipped.some((file) => file.orderFile)) return diagnostics;
  for (const object of objects) {
    if (firstListing.has(object.key)) continue;
    const hint = config.order.files[kind] ? whyListed(kind) : `${orderFile} does not exist yet: create it and ${whyListed(kind)}`;
    diagnostics.push(reportAt(object, ['title'], `${noun} '${object.key}' is not listed in ${orderFile}`, { hint }));
  }
  return diagnostics;
}

function listedTwice(entry: ListedEntry, first: ListedEntry, noun: string): Diagnostic {
  const where = { severity: 'error' as const, ...entry.at, field: entry.field };
  if (entry.category !== undefined && entry.category !== first.category) {
    return {
      ...where,
      message: `${noun} '${entry.key}' is listed under two categories: '${first.category}' (line ${first.at.line}) and '${entry.category}'`,
      hint: 'a trigger belongs to exactly one category; keep it under one of them',
    };
  }
  return { ...where, message: `${noun} '${entry.key}' is listed twice (first at line ${first.at.line})`, hint: 'remove one of the entries' };
}

function listedWithoutFile(
  entry: ListedEntry, objects: readonly DesiredObject[], listed: Map<string, ListedEntry>, noun: string, kind: KindName,
): Diagnostic {
  const renamed = objects.find((object) => object.previousKey === entry.key);
  const unlisted = objects.filter((object) => !listed.has(object.key)).map((object) => object.key);
  const hint = renamed
    ? `'${entry.key}' was renamed to '${renamed.key}' (previous_title in ${renamed.file}); list the new title`
    : didYouMean(entry.key, unlisted) ?? `add a file under ${kind}/ with title: ${entry.key}, or remove this entry`;
  return { severity: 'error', ...entry.at, field: entry.field, message: `'${entry.key}' is listed, but no ${noun} has that title`, hint };
}
