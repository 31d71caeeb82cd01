/**
 * Dynamic content items (OAS Dynamic Content, Dynamic Content Item Variants): text that
 * rules, macros and fields use as `{{dc.<placeholder>}}`, one variant per locale. config/
 * names locales by code (`en-US`, `de`); Zendesk by locale id (GET /locales), so codes
 * go through the resolver like any other name.
 *
 * Zendesk writes an item in pieces. POST /dynamic_content/items takes the item with all
 * its variants; after that, "the only attribute you can change is the name" (OAS
 * UpdateDynamicContentItem), and variants are added, changed and removed through
 * /items/{id}/variants (create_many, update_many, DELETE one). The placeholder is derived
 * from the name once, at creation (OAS DynamicContentUpdateResponseExample: a new name,
 * the same placeholder), so a rename keeps every rule that uses it working.
 */
import type { DesiredObject, Diagnostic, DynamicContentRecord, DynamicContentSpec, DynamicContentVariant, Lookups, PathSegment } from '../core/model.ts';
import { formatFieldPath } from '../core/fieldPath.ts';
import { flag, id, integer, list, maybe, object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type KindDefinition, type RawObject, type WriteRequest } from './kind.ts';
import type { ReferenceResolver } from './references.ts';
import { plannedRecords } from './planned.ts';

/** An item as Zendesk answers it (OAS DynamicContentObject): what toSpec and the variant requests read. */
const variantAnswer = object({ id, locale_id: integer, content: maybe(text), active: maybe(flag), default: maybe(flag) });
const itemAnswer = object({ ...LIVE_FIELDS, name: text, default_locale_id: integer, variants: maybe(list(variantAnswer)) });

export const dynamicContent: KindDefinition<'dynamic_content', Infer<typeof itemAnswer>> = {
  kind: 'dynamic_content',
  labels: { one: 'dynamic content item', many: 'dynamic content items' },
  config: { in: 'folder', folder: 'dynamic_content', schema: 'dynamic_content', orderFile: null },
  keyField: 'name',
  renameField: 'previous_name',
  importFile: { header: null },
  prune: 'live dynamic content items config/ does not declare are deleted, after the rules that use them',
  // `outdated` is Zendesk's translation bookkeeping (a variant older than the default one), never written.
  serverOwned: ['id', 'url', 'placeholder', 'outdated', 'created_at', 'updated_at'],
  apply: 'referenced',
  answer: itemAnswer,
  feeds: { lookup: 'dynamicContent', planned: plannedItems },
  orderScopes: () => [],
  path: 'dynamic_content/items',
  singular: 'item',
  plural: 'items',
  updateMethod: 'PUT',
  reorderVia: null,
  order: 'none',
  bulkDelete: false,
  keyOf: (spec) => spec.name,
  fromFile: (value) => {
    const item = value as { name: string; default_locale: string; variants: Record<string, string | { content: string; active?: boolean }> };
    const variants = Object.fromEntries(Object.entries(item.variants).map(([locale, variant]) => [locale, fileVariant(variant)]));
    return { name: item.name, default_locale: item.default_locale, variants };
  },
  toSpec: (raw, { refs }) => {
    const variants = Array.isArray(raw.variants) ? (raw.variants as RawObject[]) : [];
    // The default locale's variant first, as files are written, then as Zendesk lists them.
    const ordered = [...variants.filter((v) => v.default === true), ...variants.filter((v) => v.default !== true)];
    return {
      name: String(raw.name),
      default_locale: localeCode(raw.default_locale_id, refs),
      variants: Object.fromEntries(ordered.map((v) => [localeCode(v.locale_id, refs), liveVariant(v)])),
    };
  },
  // OAS CreateDynamicContent: the item with every variant; exactly one is the default.
  toPayload: (spec, { refs }) => ({
    name: spec.name,
    default_locale_id: localeId(spec.default_locale, refs),
    variants: Object.entries(spec.variants).map(([locale, variant]) => ({
      locale_id: localeId(locale, refs),
      ...variantFields(variant),
      default: locale === spec.default_locale,
    })),
  }),
  updateRequests: ({ id, raw, spec }, { refs }) => variantRequests(`dynamic_content/items/${String(id)}`, raw, spec, refs),
  checks: {
    offline: (object) => defaultVariantProblems(object),
    online: (object, lookups) => {
      const known = new Set(lookups.locales.map((locale) => locale.name));
      const codes: { code: string; path: PathSegment[] }[] = [
        { code: object.spec.default_locale, path: ['default_locale'] },
        ...Object.keys(object.spec.variants).map((code) => ({ code, path: ['variants', code] })),
      ];
      return codes
        .filter(({ code }) => !known.has(code))
        .map(({ code, path }) => at(object, path, `unknown locale '${code}': the account has no such locale active`, `the account's locales: ${[...known].join(', ')}`));
    },
  },
};

/**
 * The requests that bring a live item to its spec, in an order Zendesk accepts at
 * every step: the name; new locales (create_many); changed variants, the new default
 * among them (update_many, which takes them by id: making one variant the default is how the default moves,
 * OAS UpdateDynamicContentVariant "You must make another variant default instead");
 * then variants config/ no longer lists, once none of them is the default.
 */
function variantRequests(item: string, raw: RawObject, spec: DynamicContentSpec, refs: ReferenceResolver): WriteRequest[] {
  const live = new Map((Array.isArray(raw.variants) ? (raw.variants as RawObject[]) : []).map((v) => [localeCode(v.locale_id, refs), v]));
  const requests: WriteRequest[] = [];
  if (raw.name !== spec.name) requests.push({ method: 'PUT', path: item, body: { item: { name: spec.name } } });

  const wanted = Object.entries(spec.variants);
  // A new locale that becomes the default is created as the default (the variant's
  // `default` is writable, OAS DynamicContentVariantObject); its id is not known before.
  const added = wanted.filter(([locale]) => !live.has(locale));
  if (added.length > 0) {
    const variants = added.map(([locale, variant]) => ({ locale_id: localeId(locale, refs), ...variantFields(variant), default: locale === spec.default_locale }));
    requests.push({ method: 'POST', path: `${item}/variants/create_many`, body: { variants } });
  }
  const changed = wanted.flatMap(([locale, variant]) => {
    const current = live.get(locale);
    if (current === undefined) return [];
    const fields = variantFields(variant);
    const differs = current.content !== fields.content || (current.active !== false) !== fields.active;
    const becomesDefault = locale === spec.default_locale && current.default !== true;
    if (!differs && !becomesDefault) return [];
    return [{ id: current.id, ...(differs ? fields : {}), ...(becomesDefault ? { default: true } : {}) }];
  });
  if (changed.length > 0) requests.push({ method: 'PUT', path: `${item}/variants/update_many`, body: { variants: changed } });
  for (const [locale, variant] of live) {
    if (!(locale in spec.variants)) requests.push({ method: 'DELETE', path: `${item}/variants/${String(variant.id)}` });
  }
  return requests;
}

/** The default locale must have a variant, and it is always active (OAS UpdateDynamicContentVariant). */
function defaultVariantProblems(object: DesiredObject<'dynamic_content'>): Diagnostic[] {
  const { default_locale: locale, variants } = object.spec;
  const variant = variants[locale];
  if (variant === undefined) {
    return [at(object, ['default_locale'], `the default locale '${locale}' has no variant`, `add it under variants (variants: { ${locale}: "…" }): Zendesk shows it wherever no other locale fits`)];
  }
  if (typeof variant !== 'string') {
    return [at(object, ['variants', locale, 'active'], `the default locale's variant cannot be inactive`, `Zendesk always shows the default variant; make another locale the default first`)];
  }
  return [];
}

function at(object: DesiredObject, path: PathSegment[], message: string, hint: string): Diagnostic {
  return { severity: 'error', ...object.locate(path), field: formatFieldPath(path), message, hint };
}

/** A file's variant in the one form specs compare: text when active, `{ content, active: false }` when not. */
function fileVariant(variant: string | { content: string; active?: boolean }): DynamicContentVariant {
  if (typeof variant === 'string') return variant;
  return variant.active === false ? { content: variant.content, active: false } : variant.content;
}

function liveVariant(raw: RawObject): DynamicContentVariant {
  const content = typeof raw.content === 'string' ? raw.content : '';
  return raw.active === false ? { content, active: false } : content;
}

function variantFields(variant: DynamicContentVariant): { content: string; active: boolean } {
  return typeof variant === 'string' ? { content: variant, active: true } : { content: variant.content, active: false };
}

/** A live locale id as config/ names it; an id the account no longer lists stays visible as such. */
function localeCode(id: unknown, refs: ReferenceResolver): string {
  return refs.nameOf('locales', id);
}

function localeId(code: string, refs: ReferenceResolver): number {
  return Number(refs.idOf('locales', code));
}

/**
 * The items as they will be once apply has written config/'s: a renamed item keeps its
 * placeholder (OAS DynamicContentUpdateResponseExample); a new one gets the placeholder
 * Zendesk derives from its name, as its examples show ("Snowboard Problem" →
 * `{{dc.snowboard_problem}}`), so a rule may use an item the same plan creates.
 */
function plannedItems(lookups: Lookups, declared: readonly DesiredObject<'dynamic_content'>[]): Lookups {
  const dynamicContent = plannedRecords(lookups.dynamicContent, declared, {
    keyOf: (item) => item.name,
    toRecord: (object, live, ordinal): DynamicContentRecord =>
      live ? { ...live, name: object.key } : { id: -ordinal, name: object.key, placeholder: `{{dc.${derivedPlaceholder(object.key)}}}` },
  });
  return { ...lookups, dynamicContent };
}

function derivedPlaceholder(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
