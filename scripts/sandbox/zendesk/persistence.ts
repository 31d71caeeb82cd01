/**
 * `--state FILE`: load once at start, rewrite after every mutation. Writes go to a temp
 * file that is renamed over the target, so a crash mid-write never leaves half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isSandboxState, type SandboxState } from './state.ts';

export function loadStateFile(path: string): SandboxState | undefined {
  if (!existsSync(path)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isSandboxState(parsed)) {
    throw new Error(`${path} is not a sandbox state file (expected {"version":1,"nextId":…,"collections":{…}})`);
  }
  return parsed;
}

export function saveStateFile(path: string, state: SandboxState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2) + '\n');
  renameSync(temp, path);
}
