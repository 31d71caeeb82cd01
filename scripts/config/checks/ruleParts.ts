/** Every condition and action in config/, with the object and path it sits at. */
import type { Action, Condition, DesiredConfig, DesiredObject, PathSegment } from '../../core/model.ts';

/** Where a condition or action appears; decides which fields and operators are allowed. */
export type RuleContext = 'triggers' | 'automations' | 'macros' | 'sla_policies' | 'views';

export interface ConditionAt {
  object: DesiredObject;
  context: Exclude<RuleContext, 'macros'>;
  path: PathSegment[];
  condition: Condition;
}

export interface ActionAt {
  object: DesiredObject;
  context: Exclude<RuleContext, 'sla_policies' | 'views'>;
  path: PathSegment[];
  action: Action;
}

export function conditionsOf(config: DesiredConfig): ConditionAt[] {
  const found: ConditionAt[] = [];
  for (const object of config.objects.triggers) found.push(...listed(object, 'triggers', 'conditions', object.spec.conditions));
  for (const object of config.objects.automations) found.push(...listed(object, 'automations', 'conditions', object.spec.conditions));
  for (const object of config.objects.sla_policies) found.push(...listed(object, 'sla_policies', 'filter', object.spec.filter));
  for (const object of config.objects.views) found.push(...listed(object, 'views', 'conditions', object.spec.conditions));
  return found;
}

export function actionsOf(config: DesiredConfig): ActionAt[] {
  const found: ActionAt[] = [];
  const add = (object: DesiredObject, context: ActionAt['context'], actions: Action[]) =>
    actions.forEach((action, index) => found.push({ object, context, path: ['actions', index], action }));
  for (const object of config.objects.triggers) add(object, 'triggers', object.spec.actions);
  for (const object of config.objects.automations) add(object, 'automations', object.spec.actions);
  for (const object of config.objects.macros) add(object, 'macros', object.spec.actions);
  return found;
}

function listed(
  object: DesiredObject, context: ConditionAt['context'], key: string, conditions: { all: Condition[]; any: Condition[] },
): ConditionAt[] {
  return (['all', 'any'] as const).flatMap((group) =>
    conditions[group].map((condition, index) => ({ object, context, path: [key, group, index], condition })),
  );
}
