/** Automations (§6): run hourly, in position order. */
import type { Action } from '../core/model.ts';
import { flag, maybe, object, type Infer } from '../zendesk/shapes.ts';
import { LIVE_FIELDS, titleListScopes, type KindDefinition } from './kind.ts';
import {
  actionsAnswer, canonicalRule, conditionsAnswer, conditionsFromFile, legacyTargetWarnings, rawTitle, normalizeActions, normalizeConditions, TITLE_FIELDS,
  type ConditionsInput,
} from './rules.ts';

/** What an automation's answer must carry (§6; the shipped "Pending notification" ones included, real-shapes "Default automations"). */
const automationAnswer = object({ ...LIVE_FIELDS, ...TITLE_FIELDS, active: maybe(flag), conditions: conditionsAnswer, actions: actionsAnswer });

/** An automation file as schemas/automation.schema.json accepts it (no description: AutomationSpec has none). */
interface AutomationFile {
  title: string;
  active?: boolean;
  conditions: ConditionsInput;
  actions: Action[];
}

export const automations: KindDefinition<'automations', Infer<typeof automationAnswer>> = {
  kind: 'automations',
  labels: { one: 'automation', many: 'automations' },
  config: { in: 'folder', folder: 'automations', schema: 'automation', orderFile: { shape: 'title-list', why: 'list it where it should run: automations run in that order every hour' } },
  keyField: 'title',
  renameField: 'previous_title',
  importFile: { header: '# Imported from Zendesk. Automations run hourly in this order.\n' },
  prune: 'live automations config/ does not declare are deleted',
  serverOwned: ['id', 'url', 'position', 'raw_title', 'default', 'created_at', 'updated_at'],
  apply: 'rules',
  orderScopes: titleListScopes('automations'),
  path: 'automations',
  singular: 'automation',
  plural: 'automations',
  updateMethod: 'PUT',
  reorderVia: 'update_many',
  order: 'global',
  bulkFields: ['active'],
  bulkDelete: true,
  keyOf: (spec) => spec.title,
  answer: automationAnswer,
  fromFile: (value) => {
    const automation = value as AutomationFile;
    return {
      title: automation.title,
      active: automation.active ?? true,
      conditions: conditionsFromFile(automation.conditions),
      actions: normalizeActions(automation.actions),
    };
  },
  toSpec: (raw, { refs }) => ({
    title: rawTitle(raw),
    active: raw.active !== false,
    conditions: refs.conditionsToNames(normalizeConditions(raw.conditions)),
    actions: refs.actionsToNames(normalizeActions(raw.actions)),
  }),
  toPayload: (spec, { refs }) => ({
    title: spec.title,
    active: spec.active,
    conditions: refs.conditionsToIds(spec.conditions),
    actions: refs.actionsToIds(spec.actions),
  }),
  canonical: canonicalRule,
  review: (desired, live) => legacyTargetWarnings(desired.actions, live?.actions ?? []),
};
