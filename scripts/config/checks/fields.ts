/**
 * Condition fields, operators and action fields against the tables in ../rules/.
 * Zendesk is the authority on what an account allows (its /definitions endpoints),
 * so an unknown field is a warning; a known field used wrongly is an error.
 */
import type { DesiredConfig, Diagnostic } from '../../core/model.ts';
import { TICKET_FIELD_PREFIX } from '../../core/referenceRules.ts';
import { ACTION_FIELDS, ALL_ACTION_FIELDS } from '../rules/actions.ts';
import {
  AUTOMATION_CONDITIONS, ORGANIZATION_FIELD_PREFIX, SLA_FILTER_CONDITIONS, TICKET_FIELD_OPERATORS, TIME_BASED_FIELDS,
  TRIGGER_CONDITIONS, USER_FIELD_PREFIX, VIEW_CONDITIONS,
} from '../rules/conditions.ts';
import type { OperatorTable } from '../rules/conditions.ts';
import { CHANGE, VALUELESS_OPERATORS } from '../rules/operators.ts';
import { FIELD_VALUES } from '../rules/values.ts';
import { didYouMean } from '../suggest.ts';
import { reportAt } from './report.ts';
import { actionsOf, conditionsOf } from './ruleParts.ts';
import type { ActionAt, ConditionAt } from './ruleParts.ts';

const CONDITION_TABLES: Readonly<Record<ConditionAt['context'], OperatorTable>> = {
  triggers: TRIGGER_CONDITIONS,
  automations: AUTOMATION_CONDITIONS,
  sla_policies: SLA_FILTER_CONDITIONS,
  views: VIEW_CONDITIONS,
};
const CONTEXT_WORDS: Readonly<Record<ConditionAt['context'] | ActionAt['context'], string>> = {
  triggers: 'triggers', automations: 'automations', sla_policies: 'SLA policy filters', macros: 'macros', views: 'views',
};
const TIME_BASED: ReadonlySet<string> = new Set(TIME_BASED_FIELDS);
const ZENDESK_FIELD_ID = /^(custom_fields|ticket_fields)_\d+$/;
const ID_FIELD_HINT = 'e.g. field: "ticket_field:Product area"; the plan finds the field id by its title';

/** Notification actions take a list; its length is fixed by Zendesk. */
const NOTIFICATION_SHAPES: Readonly<Record<string, string[]>> = {
  notification_webhook: ['webhook name', 'payload'],
  notification_group: ['group name', 'subject', 'body'],
  notification_user: ['recipient', 'subject', 'body'],
  notification_target: ['target title', 'message'],
};

export function checkFields(config: DesiredConfig): Diagnostic[] {
  return [...conditionsOf(config).flatMap(checkCondition), ...actionsOf(config).flatMap(checkAction)];
}

function checkCondition(part: ConditionAt): Diagnostic[] {
  const { object, context, path, condition } = part;
  const { field, operator, value } = condition;
  if (ZENDESK_FIELD_ID.test(field)) return [idField(part.object, path, field)];
  if (field.startsWith(TICKET_FIELD_PREFIX) && field.slice(TICKET_FIELD_PREFIX.length).trim() === '') return [emptyTicketField(object, path)];

  const diagnostics: Diagnostic[] = [];
  const allowed = operatorsFor(field, context);
  if (allowed === 'unknown-field') {
    const elsewhere = Object.entries(CONDITION_TABLES).filter(([, table]) => field in table).map(([name]) => CONTEXT_WORDS[name as ConditionAt['context']]);
    diagnostics.push(elsewhere.length > 0 && (context === 'sla_policies' || context === 'views')
      // Zendesk's conditions reference calls an SLA filter "identical to the conditions property" and
      // shares most ticket conditions with it and with views: our SLA and view tables are not
      // certain enough to reject one.
      ? reportAt(object, [...path, 'field'], `condition field '${field}' is not known to work in ${CONTEXT_WORDS[context]} (known in ${elsewhere.join(', ')})`, {
        severity: 'warning',
        hint: `the account's GET /${context === 'views' ? 'views' : 'slas/policies'}/definitions is the authority; Zendesk rejects it at apply time if it does not allow it`,
      })
      : elsewhere.length > 0
      ? reportAt(object, [...path, 'field'], `condition field '${field}' cannot be used in ${CONTEXT_WORDS[context]} (only in ${elsewhere.join(', ')})`)
      : reportAt(object, [...path, 'field'], `unknown condition field '${field}' in ${CONTEXT_WORDS[context]}`, {
        severity: 'warning',
        hint: didYouMean(field, Object.keys(CONDITION_TABLES[context])) ?? 'not in config/\'s table of Zendesk fields; Zendesk will reject it at apply time if your account does not have it',
      }));
  } else if (allowed && !allowed.includes(operator)) {
    diagnostics.push(reportAt(object, [...path, 'operator'], `operator '${operator}' is not allowed on '${field}' in ${CONTEXT_WORDS[context]} (allowed: ${allowed.join(', ')})`, {
      hint: context !== 'triggers' && (CHANGE as readonly string[]).includes(operator)
        ? 'change operators exist only in triggers, which run on ticket updates; automations, views and SLA policies see the ticket as it is'
        : didYouMean(operator, allowed),
    }));
  }

  if (VALUELESS_OPERATORS.has(operator)) return diagnostics;
  if (value === undefined || value === null) {
    diagnostics.push(reportAt(object, path, `operator '${operator}' needs a value`));
  } else {
    diagnostics.push(...checkFixedValue(part.object, [...path, 'value'], field, value));
    if (TIME_BASED.has(field) && !/^\d+$/.test(String(value))) {
      diagnostics.push(reportAt(object, [...path, 'value'], `'${field}' counts hours: the value must be a whole number of hours (found '${String(value)}')`));
    }
  }
  return diagnostics;
}

/** Operators for a field in a context; null: any (custom fields, whose type only lookups know). */
function operatorsFor(field: string, context: ConditionAt['context']): readonly string[] | null | 'unknown-field' {
  if (field.startsWith(TICKET_FIELD_PREFIX)) return TICKET_FIELD_OPERATORS;
  if (field.startsWith(USER_FIELD_PREFIX) || field.startsWith(ORGANIZATION_FIELD_PREFIX)) return null;
  return CONDITION_TABLES[context][field] ?? 'unknown-field';
}

function checkAction(part: ActionAt): Diagnostic[] {
  const { object, context, path, action } = part;
  const { field, value } = action;
  if (ZENDESK_FIELD_ID.test(field)) return [idField(object, path, field)];
  if (field.startsWith(TICKET_FIELD_PREFIX)) {
    return field.slice(TICKET_FIELD_PREFIX.length).trim() === '' ? [emptyTicketField(object, path)] : [];
  }
  if (!ACTION_FIELDS[context].has(field)) {
    if (ALL_ACTION_FIELDS.has(field)) {
      return [reportAt(object, [...path, 'field'], `action '${field}' cannot be used in ${CONTEXT_WORDS[context]}`, {
        hint: context === 'macros'
          ? 'an agent applies a macro and writes the reply; notifications belong in triggers and automations'
          : `'${field}' is a macro-only action`,
      })];
    }
    return [reportAt(object, [...path, 'field'], `unknown action '${field}' in ${CONTEXT_WORDS[context]}`, {
      severity: 'warning',
      hint: didYouMean(field, ACTION_FIELDS[context]) ?? 'not in config/\'s table of Zendesk actions; Zendesk will reject it at apply time if your account does not have it',
    })];
  }
  const shape = NOTIFICATION_SHAPES[field];
  if (shape && (!Array.isArray(value) || value.length !== shape.length)) {
    return [reportAt(object, [...path, 'value'], `${field} takes a list of ${shape.length}: [${shape.join(', ')}]`)];
  }
  return checkFixedValue(object, [...path, 'value'], field, value);
}

function checkFixedValue(object: ConditionAt['object'], path: (string | number)[], field: string, value: unknown): Diagnostic[] {
  const allowed = FIELD_VALUES[field];
  if (!allowed || allowed.includes(String(value))) return [];
  const shown = allowed.map((option) => (option === '' ? '""' : option));
  return [reportAt(object, path, `'${String(value)}' is not a valid ${field} (one of: ${shown.join(', ')})`, {
    hint: didYouMean(String(value), allowed.filter((option) => option !== '')),
  })];
}

function idField(object: ConditionAt['object'], path: (string | number)[], field: string): Diagnostic {
  return reportAt(object, [...path, 'field'], `Zendesk field ids are not allowed in config/ ('${field}'); write ticket_field:<title>`, { hint: ID_FIELD_HINT });
}

function emptyTicketField(object: ConditionAt['object'], path: (string | number)[]): Diagnostic {
  return reportAt(object, [...path, 'field'], 'ticket_field: needs the field\'s title', { hint: ID_FIELD_HINT });
}
