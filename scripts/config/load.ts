/**
 * Reads config/ into a DesiredConfig: every file is parsed and schema-checked,
 * and all problems are reported together. A file with errors is left out (and
 * remembered in `skipped`); the others still load.
 */
import { lstat, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sortDiagnostics } from '../core/diagnostics.ts';
import type { DesiredConfig, Diagnostic, KindName, LoadResult, Settings, SkippedFile } from '../core/model.ts';
import { checkConfigFile, displayPath, fileErrorReason, findRepositoryRoot, listKindFiles, problemDiagnostic } from './configFiles.ts';
import type { ListOptions } from './configFiles.ts';
import type { KindDefinition } from '../kinds/kind.ts';
import { FOLDER_KINDS, KIND_DEFINITIONS, KIND_LABELS, KINDS } from '../kinds/registry.ts';
import { readTitleOrder, readTriggerOrder, triggerCategoryObjects } from './orderFiles.ts';
import { checkAgainstSchema } from './schemaCheck.ts';
import type { SchemaName } from './schemaCheck.ts';
import { explainSecretVariable, webhookSpec } from './webhookSpec.ts';
import { loadOrganizations } from './organizations.ts';
import { readYamlSource } from './yamlSource.ts';
import type { YamlSource } from './yamlSource.ts';

interface Loading {
  config: DesiredConfig;
  diagnostics: Diagnostic[];
  skipped: SkippedFile[];
  /** Diagnostics name files relative to this directory; links may lead anywhere in `repository`. */
  files: ListOptions;
  env: Readonly<Record<string, string | undefined>>;
}

export interface LoadOptions {
  /** The user's working directory, for the file paths in diagnostics (default: process.cwd()). */
  cwd?: string;
  /**
   * Where webhook secrets (ZENDESK_WEBHOOK_SECRET_* only) and the fingerprint key
   * are read, only to fingerprint them (default: none, so credentials are not
   * compared). Neither the secrets nor their fingerprints enter the specs.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

export async function loadConfig(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const cwd = options.cwd ?? process.cwd();
  const loading: Loading = {
    files: { cwd, repository: resolve(root) },
    config: {
      root,
      settings: defaultSettings(),
      objects: Object.fromEntries(KINDS.map((kind) => [kind, []])) as unknown as DesiredConfig['objects'],
      order: { triggers: [], lists: {}, files: {} },
    },
    diagnostics: [],
    skipped: [],
    env: options.env ?? {},
  };
  const rootProblem = await configDirProblem(resolve(root));
  if (rootProblem) {
    // Loading nothing would plan every live object as unmanaged: say why instead.
    loading.diagnostics.push({
      severity: 'error', file: displayPath(resolve(root), cwd), line: 1, col: 1,
      message: `config directory '${displayPath(resolve(root), cwd)}' ${rootProblem}`, hint: 'run from the repository root, or pass the path of config/',
    });
    return { config: loading.config, diagnostics: loading.diagnostics };
  }
  loading.files.repository = await findRepositoryRoot(resolve(root));
  await loadSettings(resolve(root), loading);
  for (const folderKind of FOLDER_KINDS) await loadKind(resolve(root, folderKind.folder), folderKind, loading);
  const organizations = await loadOrganizations(resolve(root, 'organizations'), loading.files);
  for (const diagnostic of organizations.diagnostics) loading.diagnostics.push(diagnostic);
  if (organizations.organizations.length > 0) loading.config.organizations = organizations.organizations;
  if (loading.skipped.length > 0) loading.config.skipped = loading.skipped;
  return { config: loading.config, diagnostics: sortDiagnostics(loading.diagnostics) };
}

function defaultSettings(): Settings {
  return { prune: Object.fromEntries(KINDS.map((kind) => [kind, false])) as Settings['prune'] };
}

async function loadSettings(root: string, loading: Loading): Promise<void> {
  const path = await firstExisting([join(root, 'settings.yaml'), join(root, 'settings.yml')]);
  if (!path) return;
  const linkProblem = await checkConfigFile(path, loading.files);
  if (linkProblem) {
    // Unread settings would mean prune off for every kind: an error, never a quiet default.
    loading.diagnostics.push(problemDiagnostic(linkProblem, loading.files.cwd));
    return;
  }
  const source = await readChecked(path, 'settings', loading, { emptyIsFine: true });
  const settings = loading.config.settings;
  settings.file = source.file;
  if (!source.valid) return;
  const value = source.value as { prune?: Partial<Settings['prune']>; webhooks?: { allowed_endpoint_hosts?: string[] } } | null;
  settings.prune = { ...settings.prune, ...(value?.prune ?? {}) };
  const hosts = value?.webhooks?.allowed_endpoint_hosts;
  if (hosts !== undefined) settings.webhookHosts = hosts;
}

async function loadKind(directory: string, folderKind: (typeof FOLDER_KINDS)[number], loading: Loading): Promise<void> {
  const { kind, schema, orderSchema } = folderKind;
  const files = await listKindFiles(directory, loading.files);
  for (const problem of files.problems) loading.diagnostics.push(problemDiagnostic(problem, loading.files.cwd));
  const unordered = orderSchema === null;
  const strays = unordered && files.orderFile ? [files.orderFile, ...files.strayUnderscoreFiles] : files.strayUnderscoreFiles;
  for (const stray of strays) {
    loading.diagnostics.push({
      severity: 'warning', file: displayPath(stray, loading.files.cwd), line: 1, col: 1,
      message: unordered ? `ignored: ${KIND_LABELS[kind].many} have no order file` : 'ignored: the only file starting with _ read here is _order.yaml',
      hint: 'files whose name starts with _ are order files; rename it if it holds an object',
    });
  }
  if (orderSchema !== null && files.orderFile) await loadOrder(files.orderFile, kind, orderSchema, loading);

  // Triggers take their category from the order file, which is read first.
  const categoryOf = new Map<string, string>();
  for (const category of loading.config.order.triggers) {
    for (const trigger of category.triggers) if (!categoryOf.has(trigger.key)) categoryOf.set(trigger.key, category.category);
  }

  for (const path of files.objectFiles) {
    // A refused secret variable is explained, not reported as a bare pattern mismatch.
    const source = await readChecked(path, schema, loading, kind === 'webhooks' ? { explain: explainSecretVariable } : {});
    const value = source.value as Record<string, unknown> | null;
    const title = value?.[KIND_DEFINITIONS[kind].keyField];
    if (!source.valid) {
      loading.skipped.push({ kind, file: source.file, ...(typeof title === 'string' ? { key: title } : {}) });
      continue;
    }
    addObject(kind, source, categoryOf, loading);
  }
}

async function loadOrder(path: string, kind: KindName, schema: SchemaName, loading: Loading): Promise<void> {
  const source = await readChecked(path, schema, loading, { emptyIsFine: true });
  const order = loading.config.order;
  order.files[kind] = source.file;
  if (source.value === undefined) {
    loading.skipped.push({ kind, file: source.file, orderFile: true });
    return;
  }
  if (KIND_DEFINITIONS[kind].order === 'by-category') {
    order.triggers = readTriggerOrder(source);
    loading.config.objects.trigger_categories = triggerCategoryObjects(source);
  } else {
    order.lists[kind] = readTitleOrder(source, kind);
  }
}

function addObject(kind: KindName, source: YamlSource, categoryOf: Map<string, string>, loading: Loading): void {
  if (kind === 'webhooks') {
    const { settings } = loading.config;
    const { spec, diagnostics } = webhookSpec(source.value, loading.env, source.locate, {
      ...(settings.webhookHosts ? { allowedHosts: settings.webhookHosts } : {}),
      ...(settings.file ? { settingsFile: settings.file } : {}),
    });
    for (const diagnostic of diagnostics) loading.diagnostics.push(diagnostic);
    loading.config.objects.webhooks.push({ kind, key: spec.name, file: source.file, locate: source.locate, spec });
    return;
  }
  const definition = KIND_DEFINITIONS[kind] as KindDefinition;
  // Every folder kind's definition says how its files are read (kinds/kind.ts ConfigSide); only
  // webhooks, read above, say null. Another null is a bug in this tool, not in config/.
  const read = definition.fromFile;
  if (!read) throw new Error(`kind ${kind} has a folder in config/ but no reader: give its definition a fromFile`);
  const value = source.value as Record<string, unknown>;
  const key = String(value[definition.keyField]);
  const previousKey = definition.renameField ? value[definition.renameField] : undefined;
  const objects = loading.config.objects as Record<KindName, unknown[]>;
  objects[kind].push({
    kind, key, file: source.file, locate: source.locate,
    ...(typeof previousKey === 'string' && previousKey ? { previousKey } : {}),
    spec: read(source.value, { category: categoryOf.get(key) ?? null }),
  });
}

/**
 * Parses and schema-checks one file; `valid` only when it has no errors at all.
 * `emptyIsFine`: a settings or order file holding only comments means "defaults" / "nothing listed".
 */
async function readChecked(
  path: string, schema: SchemaName, loading: Loading,
  options: { emptyIsFine?: boolean; explain?: (problem: Diagnostic, value: unknown) => Diagnostic } = {},
): Promise<YamlSource & { valid: boolean }> {
  const source = await readYamlSource(path, displayPath(path, loading.files.cwd));
  const problems =
    source.value === undefined ? source.diagnostics
    : source.value === null && options.emptyIsFine ? []
    : checkAgainstSchema(schema, source);
  // A loop, not push(...problems): a file can have tens of thousands of problems.
  for (const problem of problems) loading.diagnostics.push(options.explain ? options.explain(problem, source.value) : problem);
  return { ...source, valid: problems.length === 0 };
}

/** Why the config directory cannot be read, or undefined when it can. */
async function configDirProblem(root: string): Promise<string | undefined> {
  try {
    return (await stat(root)).isDirectory() ? undefined : 'is not a directory';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `cannot be read: ${fileErrorReason(error)}`;
  }
}

/** lstat, not access: a broken link named settings.yaml must be reported, not taken for "no settings". */
async function firstExisting(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      await lstat(path);
      return path;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}
