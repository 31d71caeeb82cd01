/**
 * `{{dc.<name>}}` in a rule, field or form stands for a dynamic content item's text in
 * the customer's language. When no item has that placeholder, Zendesk sends the
 * placeholder as written, so customers read "{{dc.refund_policy}}" in an email. Checked
 * against the items as apply will leave them (a rule may use an item the same plan
 * creates or renames). A warning, not an error: real accounts hold rules naming items
 * deleted since (a freshly imported long-lived account fails validate otherwise), and an
 * item may come from outside config/.
 */
import type { DesiredConfig, DesiredObject, Diagnostic, Lookups, PathSegment } from '../../core/model.ts';
import { FOLDER_KINDS } from '../../kinds/registry.ts';
import { kindNoun, reportAt } from './report.ts';

/** Zendesk's placeholder syntax as its examples write it (`{{dc.snowboard_problem}}`); spaces inside the braces tolerated. */
const PLACEHOLDER = /\{\{\s*dc\.([A-Za-z0-9_.-]+)\s*\}\}/g;

export function checkPlaceholders(config: DesiredConfig, planned: Lookups): Diagnostic[] {
  const known = new Set(planned.dynamicContent.map((item) => comparable(item.placeholder.replace(/^\{\{\s*dc\.|\s*\}\}$/g, ''))));
  return FOLDER_KINDS.filter(({ kind }) => kind !== 'dynamic_content').flatMap(({ kind }) =>
    (config.objects[kind] as readonly DesiredObject[]).flatMap((object) =>
      placeholdersIn(object.spec, []).filter(({ name }) => !known.has(comparable(name))).map(({ name, path }) =>
        reportAt(object, path, `{{dc.${name}}} is not the placeholder of any dynamic content item, so this ${kindNoun(kind)} would show it as written`, {
          severity: 'warning',
          hint: suggestion(planned),
        })),
    ),
  );
}

/**
 * Items this plan creates get the placeholder Zendesk derives from the name; compared
 * without case and punctuation, so a name whose derivation we only approximate
 * ("Café hours!") is never refused for it.
 */
function comparable(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function suggestion(planned: Lookups): string {
  const items = planned.dynamicContent.map((item) => item.placeholder).slice(0, 8);
  return items.length > 0
    ? `use one of the items' placeholders (${items.join(', ')}${planned.dynamicContent.length > 8 ? ', …' : ''}), or add the item under config/dynamic_content/`
    : 'add the item under config/dynamic_content/, or write the text itself';
}

function placeholdersIn(value: unknown, path: PathSegment[]): { name: string; path: PathSegment[] }[] {
  if (typeof value === 'string') return [...value.matchAll(PLACEHOLDER)].map((match) => ({ name: match[1], path }));
  if (Array.isArray(value)) return value.flatMap((item, index) => placeholdersIn(item, [...path, index]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => placeholdersIn(item, [...path, key]));
  return [];
}
