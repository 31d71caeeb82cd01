/**
 * The order files and the object files must agree: every trigger, automation and
 * SLA policy is listed exactly once in its kind's _order.yaml, and every listed
 * title has a file. Order is data of its own (as in Salto), not a field per object.
 */
import { posix } from 'node:path';
import type { Diagnostic } from '../../core/diagnostics.ts';
import type { DesiredConfig, DesiredObject, SourcePosition } from '../../core/model.ts';
import { didYouMean } from '../suggest.ts';
import { kindNoun, reportAt } from './report.ts';

type OrderedKind = 'triggers' | 'automations' | 'sla_policies';

interface ListedEntry {
  key: string;
  at: SourcePosition;
  field: string;
  category?: string;
}

const WHY_LISTED: Readonly<Record<OrderedKind, string>> = {
  triggers: 'list it under its category: a trigger\'s category and firing order come from that file',
  automations: 'list it where it should run: automations run in that order every hour',
  sla_policies: 'list it where it should match: the first policy whose filter matches a ticket applies',
};

export function checkOrder(config: DesiredConfig): Diagnostic[] {
  return (['triggers', 'automations', 'sla_policies'] as const).flatMap((kind) => checkKindOrder(config, kind, listedEntries(config, kind)));
}

function listedEntries(config: DesiredConfig, kind: OrderedKind): ListedEntry[] {
  if (kind === 'triggers') {
    return config.order.triggers.flatMap((category, i) =>
      category.triggers.map((entry, j) => ({ ...entry, field: `categories[${i}].triggers[${j}]`, category: category.category })),
    );
  }
  return config.order[kind].map((entry, index) => ({ ...entry, field: `${kind}[${index}]` }));
}

function checkKindOrder(config: DesiredConfig, kind: OrderedKind, entries: ListedEntry[]): Diagnostic[] {
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
    const hint = config.order.files[kind] ? WHY_LISTED[kind] : `${orderFile} does not exist yet: create it and ${WHY_LISTED[kind]}`;
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
  entry: ListedEntry, objects: readonly DesiredObject[], listed: Map<string, ListedEntry>, noun: string, kind: OrderedKind,
): Diagnostic {
  const renamed = objects.find((object) => object.previousKey === entry.key);
  const unlisted = objects.filter((object) => !listed.has(object.key)).map((object) => object.key);
  const hint = renamed
    ? `'${entry.key}' was renamed to '${renamed.key}' (previous_title in ${renamed.file}); list the new title`
    : didYouMean(entry.key, unlisted) ?? `add a file under ${kind}/ with title: ${entry.key}, or remove this entry`;
  return { severity: 'error', ...entry.at, field: entry.field, message: `'${entry.key}' is listed, but no ${noun} has that title`, hint };
}
