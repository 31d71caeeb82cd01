/**
 * Reads the order files into DesiredOrder. Well-formed entries are kept even when
 * the file has other schema errors (those are reported separately), so a typo in
 * one entry does not turn every trigger into "not listed in _order.yaml".
 */
import type { DesiredObject, DesiredOrder, KindName, OrderEntry } from '../core/model.ts';
import type { YamlSource } from './yamlSource.ts';

export type TriggerOrder = DesiredOrder['triggers'];

export function readTriggerOrder(source: YamlSource): TriggerOrder {
  const categories = listAt(source.value, 'categories');
  return categories.flatMap((category, index) => {
    if (!isRecord(category) || !isTitle(category.name)) return [];
    return [{
      category: category.name,
      at: source.locate(['categories', index, 'name']),
      triggers: titlesAt(source, Array.isArray(category.triggers) ? category.triggers : [], ['categories', index, 'triggers']),
    }];
  });
}

/** A kind ordered as one list: its order file lists titles under the kind's name (`automations: [...]`). */
export function readTitleOrder(source: YamlSource, key: KindName): OrderEntry[] {
  return titlesAt(source, listAt(source.value, key), [key]);
}

/** Trigger categories are declared by the order file only; their locate points into it. */
export function triggerCategoryObjects(source: YamlSource): DesiredObject<'trigger_categories'>[] {
  return listAt(source.value, 'categories').flatMap((category, index) => {
    if (!isRecord(category) || !isTitle(category.name)) return [];
    return [{
      kind: 'trigger_categories' as const,
      key: category.name,
      file: source.file,
      locate: (path) => source.locate(['categories', index, ...path]),
      spec: { name: category.name },
    }];
  });
}

function titlesAt(source: YamlSource, list: unknown[], path: (string | number)[]): OrderEntry[] {
  return list.flatMap((title, index) => (isTitle(title) ? [{ key: title, at: source.locate([...path, index]) }] : []));
}

function listAt(value: unknown, key: string): unknown[] {
  return isRecord(value) && Array.isArray(value[key]) ? value[key] : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTitle(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
