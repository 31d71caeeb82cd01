/** Load a fixture tree the way the CLI would, and return what the user would read. */
import { formatDiagnostic } from '../../scripts/core/diagnostics.ts';
import type { Diagnostic, LoadResult, Lookups } from '../../scripts/core/model.ts';
import { loadConfig } from '../../scripts/config/load.ts';
import { validateConfig } from '../../scripts/config/validate.ts';

/** Relative to the repo root, which is vitest's working directory: paths in diagnostics look like a user's. */
export function fixtureRoot(name: string): string {
  return `test/fixtures/config/${name}`;
}

export function shown(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(formatDiagnostic);
}

export async function loadFixture(name: string): Promise<LoadResult & { output: string[] }> {
  const result = await loadConfig(fixtureRoot(name));
  return { ...result, output: shown(result.diagnostics) };
}

/** Load errors are asserted in load.test.ts; here only what validation adds. */
export async function validateFixture(name: string, lookups?: Lookups): Promise<string[]> {
  const { config } = await loadConfig(fixtureRoot(name));
  return shown(validateConfig(config, lookups));
}
