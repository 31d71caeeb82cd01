/**
 * Finding the YAML files of config/: which are objects, which is the order file, which are ignored.
 *
 * Nothing under config/ is skipped silently: with prune on, a file the loader did not
 * see is an object it deletes. So a symbolic link is followed when it stays inside
 * the repository and is an error otherwise, and an unreadable entry is an error too.
 */
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Diagnostic } from '../core/model.ts';
import type { ConfigFile } from '../core/planDigest.ts';

export interface KindFiles {
  /** Absolute path of `_order.yaml` (or `.yml`), when present. */
  orderFile?: string;
  /** Absolute paths of the object files, sorted. */
  objectFiles: string[];
  /** Files starting with `_` that are not the order file. */
  strayUnderscoreFiles: string[];
  /** Entries that could not be listed or followed, each to be reported at its path. */
  problems: FileProblem[];
}

export interface FileProblem {
  /** Absolute path of the entry (the link itself, for a symbolic link). */
  path: string;
  message: string;
  hint?: string;
}

export interface ListOptions {
  /** Symbolic links may lead anywhere inside this directory (see findRepositoryRoot). */
  repository: string;
  /** The user's working directory, for paths in messages. */
  cwd: string;
}

const YAML_FILE = /\.ya?ml$/i;
const ORDER_FILE = /^_order\.ya?ml$/i;

/** A missing directory simply means no objects of that kind. */
export async function listKindFiles(directory: string, options: ListOptions): Promise<KindFiles> {
  const result: KindFiles = { objectFiles: [], strayUnderscoreFiles: [], problems: [] };
  const walk = await startWalk(options, result.problems);
  // The kind folder itself may be a link (config/macros → ../shared/macros): the same rules apply.
  const linked = (await isSymbolicLink(directory)) ? await resolveEntry(directory, walk) : undefined;
  if (linked && 'problem' in linked) {
    result.problems.push(linked.problem);
    return result;
  }
  const files = await listYamlFiles(directory, walk);
  for (const file of files) {
    const name = basename(file);
    if (!name.startsWith('_')) result.objectFiles.push(file);
    else if (ORDER_FILE.test(name) && relative(directory, file) === name && !result.orderFile) result.orderFile = file;
    else result.strayUnderscoreFiles.push(file);
  }
  return result;
}

/**
 * Where symbolic links under config/ may lead: the git work tree holding it (the
 * nearest directory up with a `.git`, a folder or, in a worktree, a file), or
 * config/ itself outside git. A link out of it would read files nobody reviews.
 */
export async function findRepositoryRoot(configDir: string): Promise<string> {
  const start = await realpath(configDir).catch(() => configDir);
  for (let directory = start; ; directory = dirname(directory)) {
    if (await exists(join(directory, '.git'))) return directory;
    if (dirname(directory) === directory) return start;
  }
}

/**
 * A single config file (settings.yaml) named directly: followed like a link in a
 * listing. Returns a problem instead when it leads outside the repository.
 */
export async function checkConfigFile(path: string, options: ListOptions): Promise<FileProblem | undefined> {
  if (!(await isSymbolicLink(path))) return undefined;
  const entry = await resolveEntry(path, await startWalk(options, []));
  return 'problem' in entry ? entry.problem : undefined;
}

interface Walk {
  repository: string;
  cwd: string;
  /** Real paths of the directories being listed, outermost first: a link back to one is a loop. */
  open: string[];
  problems: FileProblem[];
  /** The kind directory itself, which may be missing. */
  top: boolean;
}

async function startWalk(options: ListOptions, problems: FileProblem[]): Promise<Walk> {
  const repository = await realpath(options.repository).catch(() => options.repository);
  return { repository, cwd: options.cwd, open: [], problems, top: true };
}

type EntryKind = 'file' | 'directory' | 'other';
type Entry = { kind: EntryKind } | { problem: FileProblem };

/** Recursive, so teams may group files in sub-folders; dot-folders (editor state) are skipped. */
async function listYamlFiles(directory: string, walk: Walk): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (walk.top && errorCode(error) === 'ENOENT') return [];
    walk.problems.push({ path: directory, message: `cannot list this directory: ${fileErrorReason(error)}` });
    return [];
  }
  const real = await realpath(directory).catch(() => directory);
  const inner: Walk = { ...walk, open: [...walk.open, real], top: false };
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(directory, entry.name);
    // Dot-entries (editor state, .git) are never config, so a dot-link is not even followed.
    if (entry.name.startsWith('.') && !YAML_FILE.test(entry.name)) continue;
    const resolved = entry.isSymbolicLink() ? await resolveEntry(path, inner) : { kind: kindOf(entry) };
    if ('problem' in resolved) {
      walk.problems.push(resolved.problem);
      continue;
    }
    if (resolved.kind === 'directory' && !entry.name.startsWith('.')) {
      for (const file of await listYamlFiles(path, inner)) files.push(file);
    } else if (YAML_FILE.test(entry.name)) {
      if (resolved.kind === 'file') files.push(path);
      else if (resolved.kind === 'other') walk.problems.push({ path, message: 'cannot read this file: it is not a regular file' });
    }
  }
  return files;
}

/** Follows a symbolic link: to a file or directory inside the repository, never out of it, never in a loop. */
async function resolveEntry(path: string, walk: Walk): Promise<Entry> {
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return { problem: { path, message: 'symbolic link loop: following it never reaches a file', hint: 'point the link at a file or folder, or remove it' } };
    if (code === 'ENOENT') return { problem: { path, message: 'broken symbolic link: what it points to does not exist', hint: 'fix the link or remove it' } };
    return { problem: { path, message: `cannot follow this link: ${fileErrorReason(error)}` } };
  }
  if (!isInside(real, walk.repository)) {
    return {
      problem: {
        path,
        message: `symbolic link to ${real}, outside the repository (${walk.repository})`,
        hint: 'links under config/ may only lead to files in the same repository, which are reviewed with it; copy the file in instead',
      },
    };
  }
  let info;
  try {
    info = await stat(real);
  } catch (error) {
    return { problem: { path, message: `cannot follow this link: ${fileErrorReason(error)}` } };
  }
  if (info.isDirectory()) {
    // A link to a folder being listed, or to one of its parents, would list the same files forever.
    if (walk.open.some((open) => isInside(open, real))) {
      return { problem: { path, message: `symbolic link loop: it leads back to ${shownDirectory(real, walk.cwd)}`, hint: 'point the link at a folder that does not contain it' } };
    }
  }
  return { kind: kindOf(info) };
}

function kindOf(entry: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other';
}

/** `child` is `parent` or below it. */
function isInside(child: string, parent: string): boolean {
  const path = relative(parent, child);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

function shownDirectory(real: string, cwd: string): string {
  const shown = displayPath(real, cwd);
  if (shown === '') return './';
  return shown.startsWith('../') ? `${real}/` : `${shown}/`;
}

async function isSymbolicLink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether anything is at `path` (following links). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** A file-system error in the words a user acts on; the code stays for searching. */
export function fileErrorReason(error: unknown): string {
  const code = errorCode(error);
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${code})`;
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory (ENOTDIR)';
    case 'ENOENT':
      return 'it does not exist';
    case 'ELOOP':
      return 'symbolic link loop (ELOOP)';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** The diagnostic for a problem found while listing: an error at the entry's path. */
export function problemDiagnostic(problem: FileProblem, cwd: string): Diagnostic {
  return { severity: 'error', file: displayPath(problem.path, cwd), line: 1, col: 1, message: problem.message, ...(problem.hint ? { hint: problem.hint } : {}) };
}

/** Paths in diagnostics are relative to the working directory, as the user would type them. */
export function displayPath(absolutePath: string, cwd = process.cwd()): string {
  return relative(cwd, absolutePath).split(sep).join('/');
}

/**
 * Every file under config/, as core/planDigest.ts's configDigest wants it. Links are followed (the
 * loader follows those that stay in the repository and refuses the others, so
 * by the time a plan is made they are safe); a directory reached twice through
 * links is read once.
 */
export async function readConfigFiles(configDir: string): Promise<ConfigFile[]> {
  const files: ConfigFile[] = [];
  const seen = new Set<string>();
  const walk = async (directory: string, prefix: string): Promise<void> => {
    const real = await realpath(directory);
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await readdir(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path)).isDirectory());
      if (isDirectory) await walk(path, relative);
      else files.push({ path: relative, content: await readFile(path, 'utf8') });
    }
  };
  await walk(configDir, '');
  return files;
}
