/** Building diagnostics that point into an object's own file. */
import type { Diagnostic, Severity } from '../../core/diagnostics.ts';
import { formatFieldPath } from '../../core/fieldPath.ts';
import type { DesiredObject, KindName, PathSegment } from '../../core/model.ts';

export const KIND_NOUN: Readonly<Record<KindName, string>> = {
  webhooks: 'webhook',
  trigger_categories: 'trigger category',
  triggers: 'trigger',
  automations: 'automation',
  macros: 'macro',
  sla_policies: 'SLA policy',
};

export interface ReportOptions {
  severity?: Severity;
  hint?: string;
}

export function reportAt(object: DesiredObject, path: readonly PathSegment[], message: string, options: ReportOptions = {}): Diagnostic {
  return {
    severity: options.severity ?? 'error',
    ...object.locate(path),
    field: formatFieldPath(path) || undefined,
    message,
    ...(options.hint ? { hint: options.hint } : {}),
  };
}
