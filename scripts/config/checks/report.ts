/** Building diagnostics that point into an object's own file. */
import type { DesiredObject, Diagnostic, KindName, PathSegment, Severity } from '../../core/model.ts';
import { formatFieldPath } from '../../core/fieldPath.ts';
import { KIND_LABELS } from '../../kinds/registry.ts';

/** What messages call one object of a kind: `SLA policy` (kinds/registry.ts). */
export function kindNoun(kind: KindName): string {
  return KIND_LABELS[kind].one;
}

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
