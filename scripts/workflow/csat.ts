/**
 * The file side of `npm run csat` (issue 13), shared by the `ci csat` job and validate:
 * config/csat.yaml read and checked at file:line (schema, then ../csat/config.ts), and
 * csat.json written. The KPI itself is ../csat/report.ts.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readOptionalConfigFile } from '../config/optionalFile.ts';
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
  const read = await readOptionalConfigFile(configDir, CSAT_CONFIG_FILE, 'csat', options.cwd);
  if (!read.present) return { config: null, diagnostics: [], file: read.file, present: false };
  if (!read.source) return { config: null, diagnostics: read.diagnostics, file: read.file, present: true };
  return { ...csatConfigFrom(read.source.value as CsatFile, read.source.locate), file: read.file, present: true };
}

/** csat.json at `path` (its folder made), as the Pages build and the job artifact read it. */
export async function writeCsatReport(path: string, report: CsatReport): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, csatReportJson(report));
}
