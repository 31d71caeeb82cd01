/**
 * Expected problems (bad config, unknown names, stale plans) are diagnostics:
 * collected, shown together, one per line as `file:line:col: severity: message`.
 * Unexpected failures are typed errors instead (see zendesk/errors.ts).
 */
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Path relative to the working directory, as the user typed it. */
  file: string;
  line: number;
  col: number;
  /** Dotted path of the offending field inside the file, e.g. `conditions.all[1].operator`. */
  field?: string;
  message: string;
  hint?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}`;
  const field = d.field ? ` (${d.field})` : '';
  const hint = d.hint ? `\n    hint: ${d.hint}` : '';
  return `${where}: ${d.severity}: ${d.message}${field}${hint}`;
}

/** Stable order: by file, then position, so output does not depend on load order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}
