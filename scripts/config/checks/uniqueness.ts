/**
 * Titles are the natural keys that match config/ to live objects, so each must be
 * unique within its kind, and a rename (`previous_title`) must point at exactly one
 * live object that no other file claims.
 */
import type { DesiredConfig, DesiredObject, Diagnostic } from '../../core/model.ts';
import { FOLDER_KINDS, KIND_DEFINITIONS, RENAMABLE_KINDS } from '../../kinds/registry.ts';
import { kindNoun, reportAt } from './report.ts';

export function checkUniqueness(config: DesiredConfig): Diagnostic[] {
  return [
    // Kinds with files of their own; trigger categories are listed in triggers/_order.yaml instead.
    ...FOLDER_KINDS.flatMap(({ kind }) => duplicateKeys(config.objects[kind], KIND_DEFINITIONS[kind].keyField)),
    ...RENAMABLE_KINDS.flatMap((kind) => previousTitleProblems(config.objects[kind])),
    ...duplicateCategories(config),
  ];
}

/**
 * Titles (names, for webhooks) are how config/ finds the live object, and
 * webhooks' names are how rules call them: each must be unique within its kind.
 */
function duplicateKeys(objects: readonly DesiredObject[], field: 'title' | 'name' = 'title'): Diagnostic[] {
  return [...groupBy(objects, (object) => object.key).values()]
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((object) => {
        const others = group.filter((other) => other !== object).map((other) => other.file);
        return reportAt(object, [field], `duplicate ${kindNoun(object.kind)} ${field} '${object.key}' (also in ${others.join(', ')})`, {
          hint: `the ${field} is how config/ finds the live object; give each file its own ${field}`,
        });
      }),
    );
}

function previousTitleProblems(objects: readonly DesiredObject[]): Diagnostic[] {
  // previous_title, or previous_name for kinds keyed by name (dynamic content).
  const field = (object: DesiredObject) => KIND_DEFINITIONS[object.kind].renameField ?? 'previous_title';
  const byTitle = new Map(objects.map((object) => [object.key, object]));
  const renames = groupBy(objects.filter((object) => object.previousKey !== undefined), (object) => object.previousKey!);
  return objects.flatMap((object): Diagnostic[] => {
    const previous = object.previousKey;
    if (previous === undefined) return [];
    const noun = kindNoun(object.kind);
    if (previous === object.key) {
      const key = KIND_DEFINITIONS[object.kind].keyField;
      return [reportAt(object, [field(object)], `${field(object)} is the same as ${key}`, {
        severity: 'warning', hint: `remove ${field(object)}: it is only needed while a rename is pending`,
      })];
    }
    const owner = byTitle.get(previous);
    if (owner) {
      const key = KIND_DEFINITIONS[object.kind].keyField;
      return [reportAt(object, [field(object)], `${field(object)} '${previous}' is the ${key} of another ${noun} (${owner.file})`, {
        hint: `a rename must point at a ${noun} that config/ no longer declares under that ${key}; otherwise the plan cannot tell which one to rename`,
      })];
    }
    const rivals = (renames.get(previous) ?? []).filter((other) => other !== object);
    if (rivals.length > 0) {
      return [reportAt(object, [field(object)], `${field(object)} '${previous}' is also used by ${rivals.map((r) => r.file).join(', ')}`, {
        hint: `only one ${noun} can be renamed from '${previous}'`,
      })];
    }
    return [];
  });
}

function duplicateCategories(config: DesiredConfig): Diagnostic[] {
  const seen = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  config.order.triggers.forEach((category, index) => {
    const firstLine = seen.get(category.category);
    if (firstLine === undefined) {
      seen.set(category.category, category.at.line);
      return;
    }
    diagnostics.push({
      severity: 'error', ...category.at, field: `categories[${index}].name`,
      message: `duplicate trigger category '${category.category}' (first at line ${firstLine})`,
      hint: 'list each category once, with all of its triggers',
    });
  });
  return diagnostics;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
