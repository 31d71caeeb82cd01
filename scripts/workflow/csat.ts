/**
 * The file side of `npm run csat` (issue 13), shared by the `ci csat` job and validate:
 * config/csat.yaml read and checked at file:line (schema, then ../csat/config.ts), and
 * csat.json written. The KPI itself is ../csat/report.ts.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { displayPath } from '../config/configFiles.ts';
import { checkAgainstSchema } from '../config/schemaCheck.ts';
import { readYamlSource } from '../config/yamlSource.ts';
import type { Diagnostic } from '../core/model.ts';
import { CSAT_CONFIG_FILE, csatConfigFrom, type CsatConfig, type CsatFile } from '../csat/config.ts';
import type { CsatReport } from '../csat/model.ts';
import { csatReportJson } from '../csat/report.ts';

export interface LoadedCsatConfig {
  /** null when the file is absent or has errors. */
  config: CsatConfig | null;
  diagnostics: Diagnostic[];
  /** As shown to the user, e.g. `config/csat.yaml`. */
  file: string;
  present: boolean;
}

/** Absent file: no config and no problem; `npm run csat` says it needs one. */
export async function loadCsatConfig(configDir: string, options: { cwd?: string } = {}): Promise<LoadedCsatConfig> {
  const path = join(configDir, CSAT_CONFIG_FILE);
  const file = displayPath(path, options.cwd);
  if (!(await exists(path))) return { config: null, diagnostics: [], file, present: false };
  const source = await readYamlSource(path, file);
  if (source.value === undefined) return { config: null, diagnostics: source.diagnostics, file, present: true };
  const schemaProblems = checkAgainstSchema('csat', source);
  if (schemaProblems.length > 0) return { config: null, diagnostics: schemaProblems, file, present: true };
  return { ...csatConfigFrom(source.value as CsatFile, source.locate), file, present: true };
}

/** csat.json at `path` (its folder made), as the Pages build and the job artifact read it. */
export async function writeCsatReport(path: string, report: CsatReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, csatReportJson(report));
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
