/**
 * Dynamic content items and their variants (OAS Dynamic Content, Dynamic Content Item
 * Variants), and the locales they are written in (OAS ListLocales, ShowLocaleById).
 *
 * Items and variants are stored apart (variants carry `_item_id`) and an item is shown
 * with its variants inside, as Zendesk shows it. A new item must bring a variant for its
 * default locale (422 otherwise); after that only its name changes through the item
 * (OAS UpdateDynamicContentItem) and variants go through /items/{id}/variants. Making a
 * variant the default moves the item's default locale; the default variant cannot be
 * switched off, made non-default or deleted (OAS UpdateDynamicContentVariant).
 */
import { ApiError, isObject, noContent, ok, recordInvalid, wrapped, type ApiRequest, type RouteHandler, type SandboxContext } from '../http.ts';
import { RESOURCES } from '../resources.ts';
import type { Route } from '../router.ts';
import type { SandboxRecord } from '../state.ts';
import { crudRoutes, findOr404, listResponse } from './crud.ts';

const ITEMS = RESOURCES.dynamicContentItems;
const VARIANTS = RESOURCES.dynamicContentVariants;
const ITEM = 'dynamic_content/items/:id';

export function dynamicContentRoutes(): Route[] {
  return [
    { method: 'GET', pattern: ITEMS.path, handler: listItems },
    { method: 'GET', pattern: ITEM, handler: (request, context) => ok({ item: renderItem(itemOr404(request, context), request, context) }) },
    { method: 'POST', pattern: ITEMS.path, handler: createItem },
    { method: 'PUT', pattern: ITEM, handler: updateItem },
    { method: 'DELETE', pattern: ITEM, handler: deleteItem },
    { method: 'GET', pattern: `${ITEM}/variants`, handler: listVariants },
    { method: 'POST', pattern: `${ITEM}/variants`, handler: createVariants('one') },
    { method: 'POST', pattern: `${ITEM}/variants/create_many`, handler: createVariants('many') },
    { method: 'PUT', pattern: `${ITEM}/variants/update_many`, handler: updateManyVariants },
    { method: 'GET', pattern: `${ITEM}/variants/:variant`, handler: (request, context) => ok({ variant: renderVariant(variantOr404(request, context), request) }) },
    { method: 'PUT', pattern: `${ITEM}/variants/:variant`, handler: updateVariant },
    { method: 'DELETE', pattern: `${ITEM}/variants/:variant`, handler: deleteVariant },
    // OAS ListLocales: one page, no pagination documented; ShowLocaleById takes the id or the code (its url ends in `en-US.json`).
    ...crudRoutes(RESOURCES.locales, { operations: ['list'] }),
    { method: 'GET', pattern: `${RESOURCES.locales.path}/:id`, handler: showLocale },
  ];
}

const listItems: RouteHandler = (request, context) => {
  const reply = listResponse(ITEMS, context.store.list(ITEMS.collection), request);
  if (!isObject(reply.body)) return reply;
  const items = (reply.body.items as SandboxRecord[]).map((item) => ({ ...item, ...itemParts(item, request, context) }));
  return { ...reply, body: { ...reply.body, items } };
};

const createItem: RouteHandler = (request, context) => {
  const input = wrapped(request.body, 'item');
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (name === '') throw invalid('name', 'Name: cannot be blank', 'BlankValue');
  if (context.store.list(ITEMS.collection).some((item) => item.name === name)) throw invalid('name', 'Name: has already been taken', 'DuplicateValue');
  const defaultLocale = Number(input.default_locale_id);
  assertLocale(defaultLocale, context, 'default_locale_id');
  const variants = Array.isArray(input.variants) ? input.variants.filter(isObject) : [];
  // OAS CreateDynamicContent: "with one or more variants"; the default locale's is the one Zendesk falls back to.
  if (!variants.some((v) => Number(v.locale_id) === defaultLocale)) {
    throw invalid('variants', 'Variants: must include a variant for the default locale', 'InvalidValue');
  }
  assertOnePerLocale(variants, []);
  const item = context.store.batch(() => {
    const created = context.store.insert(ITEMS.collection, { name, default_locale_id: defaultLocale, placeholder: placeholderOf(name), outdated: false });
    for (const v of variants) {
      assertLocale(Number(v.locale_id), context, 'locale_id');
      context.store.insert(VARIANTS.collection, { ...variantFields(v), default: Number(v.locale_id) === defaultLocale, outdated: false, _item_id: created.id });
    }
    return created;
  });
  return ok({ item: renderItem(item, request, context) }, 201, { Location: `${request.origin}/api/v2/${ITEMS.path}/${String(item.id)}.json` });
};

/** OAS UpdateDynamicContentItem: "The only attribute you can change is the name." */
const updateItem: RouteHandler = (request, context) => {
  const item = itemOr404(request, context);
  const input = wrapped(request.body, 'item');
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || input.name.trim() === '') throw invalid('name', 'Name: cannot be blank', 'BlankValue');
    // The placeholder was derived once, at creation, and stays (OAS DynamicContentUpdateResponseExample).
    context.store.update(ITEMS.collection, item.id, { name: input.name.trim() });
  }
  return ok({ item: renderItem(item, request, context) });
};

const deleteItem: RouteHandler = (request, context) => {
  const item = itemOr404(request, context);
  context.store.batch(() => {
    for (const variant of variantsOf(item, context)) context.store.remove(VARIANTS.collection, variant.id);
    context.store.remove(ITEMS.collection, item.id);
  });
  return noContent();
};

/** OAS DynamicContentListVariants: cursor pagination. */
const listVariants: RouteHandler = (request, context) => {
  const item = itemOr404(request, context);
  const reply = listResponse(VARIANTS, variantsOf(item, context), request);
  if (!isObject(reply.body)) return reply;
  return { ...reply, body: { ...reply.body, variants: (reply.body.variants as SandboxRecord[]).map((v) => renderVariant(v, request)) } };
};

/** OAS CreateDynamicContentVariant ("only one variant for each locale id") and CreateManyDynamicContentVariants. */
function createVariants(how: 'one' | 'many'): RouteHandler {
  return (request, context) => {
    const item = itemOr404(request, context);
    const inputs = how === 'one' ? [wrapped(request.body, 'variant')] : listIn(request, 'variants');
    assertOnePerLocale(inputs, variantsOf(item, context));
    for (const input of inputs) assertLocale(Number(input.locale_id), context, 'locale_id');
    const created = context.store.batch(() =>
      inputs.map((input) => {
        const variant = context.store.insert(VARIANTS.collection, { ...variantFields(input), default: false, outdated: false, _item_id: item.id });
        if (input.default === true) makeDefault(item, variant, context);
        return variant;
      }),
    );
    const rendered = created.map((v) => renderVariant(context.store.find(VARIANTS.collection, v.id) ?? v, request));
    return how === 'one' ? ok({ variant: rendered[0] }, 201) : ok({ variants: rendered }, 201);
  };
}

/** OAS UpdateManyDynamicContentVariants: variants by id, each changed as Update Variant would. */
const updateManyVariants: RouteHandler = (request, context) => {
  const item = itemOr404(request, context);
  const entries = listIn(request, 'variants');
  const targets = entries.map((entry) => {
    const variant = variantsOf(item, context).find((v) => String(v.id) === String(entry.id));
    if (!variant) throw new ApiError(404, { error: 'RecordNotFound', description: 'Not found' });
    return { variant, entry };
  });
  // Defaults move first, so a variant that stops being the default may then be switched off.
  const ordered = [...targets.filter((t) => t.entry.default === true), ...targets.filter((t) => t.entry.default !== true)];
  const updated = context.store.batch(() => ordered.map(({ variant, entry }) => changeVariant(item, variant, entry, context)));
  return ok({ variants: updated.map((v) => renderVariant(v, request)) });
};

const updateVariant: RouteHandler = (request, context) => {
  const item = itemOr404(request, context);
  const variant = variantOr404(request, context);
  return ok({ variant: renderVariant(changeVariant(item, variant, wrapped(request.body, 'variant'), context), request) });
};

const deleteVariant: RouteHandler = (request, context) => {
  const variant = variantOr404(request, context);
  if (variant.default === true) throw invalid('default', 'Default: the default variant cannot be deleted; make another variant the default first', 'InvalidValue');
  context.store.remove(VARIANTS.collection, variant.id);
  return noContent();
};

const showLocale: RouteHandler = (request, context) => {
  const wanted = request.params.id.replace(/\.json$/, '');
  const locale = context.store.list(RESOURCES.locales.collection).find((l) => String(l.id) === wanted || l.locale === wanted);
  if (!locale) throw new ApiError(404, { error: 'RecordNotFound', description: 'Not found' });
  return ok({ locale: { ...locale, url: `${request.origin}/api/v2/locales/${String(locale.locale)}.json` } });
};

/** OAS UpdateDynamicContentVariant: partial; the default's active state and default flag stay. */
function changeVariant(item: SandboxRecord, variant: SandboxRecord, entry: Record<string, unknown>, context: SandboxContext): SandboxRecord {
  if (entry.default === true && variant.default !== true) makeDefault(item, variant, context);
  const current = context.store.find(VARIANTS.collection, variant.id) ?? variant;
  if (current.default === true && entry.default === false) {
    throw invalid('default', 'Default: cannot be switched off; make another variant the default instead', 'InvalidValue');
  }
  if (current.default === true && entry.active === false) throw invalid('active', 'Active: the default variant cannot be deactivated', 'InvalidValue');
  const fields: SandboxRecord = {};
  if (typeof entry.content === 'string') {
    if (entry.content === '') throw invalid('content', 'Content: cannot be blank', 'BlankValue');
    fields.content = entry.content;
  }
  if (typeof entry.active === 'boolean') fields.active = entry.active;
  return Object.keys(fields).length === 0 ? current : (context.store.update(VARIANTS.collection, current.id, fields) ?? current);
}

function makeDefault(item: SandboxRecord, variant: SandboxRecord, context: SandboxContext): void {
  for (const other of variantsOf(item, context)) {
    if (other.default === true && other.id !== variant.id) context.store.update(VARIANTS.collection, other.id, { default: false });
  }
  context.store.update(VARIANTS.collection, variant.id, { default: true, active: true });
  context.store.update(ITEMS.collection, item.id, { default_locale_id: variant.locale_id });
}

function renderItem(item: SandboxRecord, request: ApiRequest, context: SandboxContext): Record<string, unknown> {
  const visible = Object.fromEntries(Object.entries(item).filter(([key]) => !key.startsWith('_')));
  return { url: `${request.origin}/api/v2/${ITEMS.path}/${String(item.id)}.json`, ...visible, ...itemParts(item, request, context) };
}

/** What an item shows of its variants: all of them, and `outdated` when any is. */
function itemParts(item: SandboxRecord, request: ApiRequest, context: SandboxContext): Record<string, unknown> {
  const variants = variantsOf(item, context);
  return { outdated: variants.some((v) => v.outdated === true), variants: variants.map((v) => renderVariant(v, request)) };
}

function renderVariant(variant: SandboxRecord, request: ApiRequest): Record<string, unknown> {
  const visible = Object.fromEntries(Object.entries(variant).filter(([key]) => !key.startsWith('_')));
  return { url: `${request.origin}/api/v2/${ITEMS.path}/${String(variant._item_id)}/variants/${String(variant.id)}.json`, ...visible };
}

function variantsOf(item: SandboxRecord, context: SandboxContext): SandboxRecord[] {
  return context.store.list(VARIANTS.collection).filter((v) => String(v._item_id) === String(item.id));
}

function itemOr404(request: ApiRequest, context: SandboxContext): SandboxRecord {
  return findOr404(ITEMS, request.params.id, context);
}

function variantOr404(request: ApiRequest, context: SandboxContext): SandboxRecord {
  const item = itemOr404(request, context);
  const variant = variantsOf(item, context).find((v) => String(v.id) === request.params.variant);
  if (!variant) throw new ApiError(404, { error: 'RecordNotFound', description: 'Not found' });
  return variant;
}

function listIn(request: ApiRequest, key: string): Record<string, unknown>[] {
  const list = isObject(request.body) ? request.body[key] : undefined;
  if (!Array.isArray(list) || !list.every(isObject)) throw new ApiError(400, { error: 'InvalidValue', description: `Request body must contain a "${key}" list` });
  return list;
}

function variantFields(input: Record<string, unknown>): SandboxRecord {
  if (typeof input.content !== 'string' || input.content === '') throw invalid('content', 'Content: cannot be blank', 'BlankValue');
  return { locale_id: Number(input.locale_id), content: input.content, active: input.active !== false };
}

/** OAS CreateDynamicContentVariant: "If a locale variant already exists, the request is rejected." */
function assertOnePerLocale(inputs: readonly Record<string, unknown>[], existing: readonly SandboxRecord[]): void {
  const seen = new Set(existing.map((v) => Number(v.locale_id)));
  for (const input of inputs) {
    const locale = Number(input.locale_id);
    if (seen.has(locale)) throw invalid('locale_id', `Locale: a variant for locale ${locale} already exists`, 'DuplicateValue');
    seen.add(locale);
  }
}

/** OAS CreateDynamicContent: locale ids "must be one of the locales the account has active". */
function assertLocale(id: number, context: SandboxContext, field: string): void {
  if (!context.store.find(RESOURCES.locales.collection, id)) throw invalid(field, `Locale: ${String(id)} is not an active locale of this account`, 'InvalidValue');
}

function invalid(field: string, description: string, error: string): ApiError {
  return recordInvalid({ [field]: [{ description, error }] });
}

/** OAS DynamicContentObject: "Automatically generated placeholder for the item, derived from name" ('Snowboard Problem' → {{dc.snowboard_problem}}). */
function placeholderOf(name: string): string {
  return `{{dc.${name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}}}`;
}
