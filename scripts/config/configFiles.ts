/** Finding the YAML files of config/: which are objects, which is the order file, which are ignored. */
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';

export interface KindFiles {
  /** Absolute path of `_order.yaml` (or `.yml`), when present. */
  orderFile?: string;
  /** Absolute paths of the object files, sorted. */
  objectFiles: string[];
  /** Files starting with `_` that are not the order file. */
  strayUnderscoreFiles: string[];
}

const YAML_FILE = /\.ya?ml$/i;
const ORDER_FILE = /^_order\.ya?ml$/i;

/** A missing directory simply means no objects of that kind. */
export async function listKindFiles(directory: string): Promise<KindFiles> {
  const files = await listYamlFiles(directory);
  const result: KindFiles = { objectFiles: [], strayUnderscoreFiles: [] };
  for (const file of files) {
    const name = basename(file);
    if (!name.startsWith('_')) result.objectFiles.push(file);
    else if (ORDER_FILE.test(name) && relative(directory, file) === name && !result.orderFile) result.orderFile = file;
    else result.strayUnderscoreFiles.push(file);
  }
  return result;
}

/** Recursive, so teams may group files in sub-folders; dot-folders (editor state) are skipped. */
async function listYamlFiles(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.')) files.push(...(await listYamlFiles(path)));
    else if (entry.isFile() && YAML_FILE.test(entry.name)) files.push(path);
  }
  return files;
}

/** Paths in diagnostics are relative to the working directory, as the user would type them. */
export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  return relative(cwd, absolutePath).split(sep).join('/');
}
