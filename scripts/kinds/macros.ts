/** Macros (§7): no managed order; may be restricted to groups or one agent. */
import type { Action, MacroRestriction, MacroSpec } from '../core/model.ts';
import { flag, id, list, maybe, object, text, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, type KindDefinition, type MacroAttachment } from './kind.ts';
import { actionsAnswer, rawTitle, normalizeActions, nullableString, restrictionAnswer, TITLE_FIELDS } from './rules.ts';

/** What a macro's answer must carry (§7; real-shapes "Macros": attachment ids, sometimes no raw_title). */
const macroAnswer = object({
  ...LIVE_FIELDS,
  ...TITLE_FIELDS,
  active: maybe(flag),
  description: maybe(text),
  restriction: restrictionAnswer,
  actions: actionsAnswer,
  attachments: maybe(list(id)),
});
type MacroAnswer = Infer<typeof macroAnswer>;

/** A macro file as schemas/macro.schema.json accepts it: attachments listed by file name. */
interface MacroFile {
  title: string;
  active?: boolean;
  description?: string | null;
  restriction?: MacroRestriction;
  actions: Action[];
  attachments?: string[];
}

export const macros: KindDefinition<'macros', MacroAnswer> = {
  kind: 'macros',
  labels: { one: 'macro', many: 'macros' },
  config: { in: 'folder', folder: 'macros', schema: 'macro', orderFile: null },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: null },
  prune: 'live macros config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'raw_title', 'default', 'usage_1h', 'usage_24h', 'usage_7d', 'usage_30d', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: () => [],
  path: 'macros',
  singular: 'macro',
  plural: 'macros',
  reorderVia: null,
  updateMethod: 'PUT',
  order: 'none',
  bulkFields: ['active'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  answer: macroAnswer,
  fromFile: (value) => {
    const macro = value as MacroFile;
    return {
      title: macro.title,
      active: macro.active ?? true,
      description: nullableString(macro.description),
      restriction: macro.restriction ?? null,
      actions: normalizeActions(macro.actions),
      attachments: macro.attachments ?? [],
    };
  },
  toSpec: (raw, { refs, macroAttachments }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    description: nullableString(raw.description),
    restriction: refs.restrictionToNames(raw.restriction),
    actions: refs.actionsToNames(normalizeActions(raw.actions)),
    attachments: attachmentNames(raw, macroAttachments?.get(String(raw.id))),
  }),
  toPayload: (spec, { refs }) => ({
    title: spec.title,
    active: spec.active,
    description: spec.description,
    restriction: refs.restrictionToIds(spec.restriction),
    actions: refs.actionsToIds(spec.actions),
  }),
  canonical: (spec, { refs }) => ({
    ...spec,
    restriction: refs.canonicalRestriction(spec.restriction),
    actions: refs.canonicalActions(spec.actions),
  }),
  // Attachments are files in Zendesk; config/ only lists them, so they never make a change.
  comparable: (desired, live) => ({ desired: withoutAttachments(desired), live: withoutAttachments(live) }),
  review: (desired, live) => {
    if (live === null) {
      if (desired.attachments.length === 0) return { notices: [], warnings: [] };
      const files = desired.attachments.join(', ');
      return {
        notices: [`created without its attachments (${files}): config/ cannot upload files; attach them in Zendesk after apply`],
        warnings: [{ path: ['attachments'], message: `this macro is created without its attachments (${files})`, hint: 'config/ cannot upload files; attach them in Zendesk after apply, or rename the live macro with previous_title so it keeps them' }],
      };
    }
    if (live.attachments.length === 0) return { notices: [], warnings: [] };
    return { notices: [`keeps its ${live.attachments.length === 1 ? 'attachment' : `${live.attachments.length} attachments`} (${live.attachments.join(', ')}), which config/ does not change`], warnings: [] };
  },
  // OAS UpdateMacro: `attachments` lists the macro's attachment ids; sent back so an update can never drop them.
  preserveOnUpdate: (raw) => (raw.attachments && raw.attachments.length > 0 ? { attachments: raw.attachments } : {}),
};

function withoutAttachments(spec: MacroSpec): MacroSpec {
  return { ...spec, attachments: [] };
}

/** File names; an attachment whose details could not be read is shown by id. */
function attachmentNames(raw: MacroAnswer, details: readonly MacroAttachment[] | undefined): string[] {
  return (raw.attachments ?? []).map((id) => details?.find((a) => String(a.id) === String(id))?.filename ?? `attachment ${String(id)}`);
}
