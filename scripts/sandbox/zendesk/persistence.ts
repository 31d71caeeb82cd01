/**
 * `--state FILE`: load once at start, rewrite after every mutation. Writes go to a temp
 * file that is renamed over the target, so a crash mid-write never leaves half a file.
 *
 * The file is the user's alone (mode 0600, also when an older run left it readable by
 * others) and holds no webhook secret: each is replaced by a digest (secrets.ts).
 */
import { chmodSync, closeSync, fchmodSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { withoutSecretValues } from './secrets.ts';
import { COLLECTION_NAMES, isSandboxState, type SandboxState } from './state.ts';

/** Read and write for the owner only. */
export const STATE_FILE_MODE = 0o600;

/**
 * A state file the sandbox cannot start from (hand-edited, truncated, or some other
 * file): said in one line that names it and what to do, never a stack trace.
 */
export class SandboxStateFileError extends Error {
  constructor(
    readonly path: string,
    /** What is wrong, e.g. "is not valid JSON (…)". */
    readonly reason: string,
    readonly advice = 'delete or move it to start again from the seed',
  ) {
    super(`${path} ${reason}; ${advice}`);
    this.name = 'SandboxStateFileError';
  }

  /** The same message with the path as the user typed it. */
  messageFor(shownPath: string): string {
    return `${shownPath} ${this.reason}; ${this.advice}`;
  }
}

/** undefined when the file does not exist yet: the sandbox then starts from its seed. */
export function loadStateFile(path: string): SandboxState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new SandboxStateFileError(path, 'is a directory', 'pass the path of a file with --state');
    throw new SandboxStateFileError(path, `cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SandboxStateFileError(path, `is not valid JSON (${(error as Error).message})`);
  }
  const problem = shapeProblem(parsed);
  if (problem) throw new SandboxStateFileError(path, `is not a sandbox state file: ${problem}`);
  return parsed as SandboxState;
}

/** Deeper than isSandboxState: the store indexes every record, so a wrong one would fail later, far from the file. */
function shapeProblem(value: unknown): string | undefined {
  if (!isSandboxState(value) || value.collections === null || Array.isArray(value.collections)) {
    return 'expected {"version":1,"nextId":…,"collections":{…}}';
  }
  for (const [name, records] of Object.entries(value.collections)) {
    if (!(COLLECTION_NAMES as readonly string[]).includes(name)) return `unknown collection "${name}"`;
    if (!Array.isArray(records) || records.some((record) => typeof record !== 'object' || record === null || Array.isArray(record))) {
      return `collection "${name}" must be a list of objects`;
    }
  }
  return undefined;
}

export function saveStateFile(path: string, state: SandboxState): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  // The mode is set on the descriptor before anything is written: `mode` on open applies only
  // to a new file, and a temp file left behind by a crashed run could be readable by others.
  const fd = openSync(temp, 'w', STATE_FILE_MODE);
  try {
    fchmodSync(fd, STATE_FILE_MODE);
    writeSync(fd, JSON.stringify(withoutSecretValues(state), null, 2) + '\n');
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  // Rename keeps the temp file's mode; said again in case the file system does not.
  chmodSync(path, STATE_FILE_MODE);
}

/** The first save, at start: a path that cannot be written is the user's to fix, said at once. */
export function createStateFile(path: string, state: SandboxState): void {
  try {
    saveStateFile(path, state);
  } catch (error) {
    throw new SandboxStateFileError(path, `cannot be written (${(error as Error).message})`, 'pass a --state path in a folder you can write to');
  }
}
