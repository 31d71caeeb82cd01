/**
 * Expected problems (bad config, unknown names, stale plans) are diagnostics:
 * collected, shown together, one per line as `file:line:col: severity: message`.
 * Unexpected failures are typed errors instead (see zendesk/errors.ts).
 */
import type { Diagnostic } from './model.ts';
import { plainText } from './plainText.ts';


export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

export function formatDiagnostic(d: Diagnostic): string {
  // Messages quote titles and names from config/ and Zendesk: one line each, no escape sequences.
  const where = plainText(`${d.file}:${d.line}:${d.col}`);
  const field = d.field ? ` (${plainText(d.field)})` : '';
  const hint = d.hint ? `\n    hint: ${plainText(d.hint)}` : '';
  return `${where}: ${d.severity}: ${plainText(d.message)}${field}${hint}`;
}

/**
 * Errors about objects identical to live become warnings: an object nobody
 * changed never blocks a plan, whatever config/ thinks of it.
 */
export function waiveForUnchanged(diagnostics: readonly Diagnostic[], identicalFiles: ReadonlySet<string>): Diagnostic[] {
  return diagnostics.map((d) =>
    d.severity === 'error' && d.waivedWhenUnchanged && identicalFiles.has(d.file)
      ? { ...d, severity: 'warning', message: `${d.message} (Zendesk holds this object as it is, so this does not block the plan)` }
      : d,
  );
}

/** Stable order: by file, then position, so output does not depend on load order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}
