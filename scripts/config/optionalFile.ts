/**
 * A config/ file a feature needs only when it is used (salesforce.yaml, csat.yaml):
 * absent is no problem (the feature's command says it needs one); present, it is read
 * and checked against its schema, every problem at file:line:col.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../core/model.ts';
import { displayPath } from './configFiles.ts';
import { checkAgainstSchema, type SchemaName } from './schemaCheck.ts';
import { readYamlSource, type YamlSource } from './yamlSource.ts';

export type OptionalConfigFile =
  /** `file` as shown to the user, e.g. `config/csat.yaml`. */
  | { present: false; file: string }
  /** `source` null when the YAML or the schema has problems (in `diagnostics`). */
  | { present: true; file: string; source: YamlSource | null; diagnostics: Diagnostic[] };

export async function readOptionalConfigFile(configDir: string, name: string, schema: SchemaName, cwd?: string): Promise<OptionalConfigFile> {
  const path = join(configDir, name);
  const file = displayPath(path, cwd);
  if (!(await exists(path))) return { present: false, file };
  const source = await readYamlSource(path, file);
  if (source.value === undefined) return { present: true, file, source: null, diagnostics: source.diagnostics };
  const schemaProblems = checkAgainstSchema(schema, source);
  return schemaProblems.length > 0 ? { present: true, file, source: null, diagnostics: schemaProblems } : { present: true, file, source, diagnostics: [] };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
