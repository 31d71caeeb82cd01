/**
 * The sandbox's tiny Git repository: commits that each hold the whole tree as a
 * path → content snapshot, and branches pointing at them. It follows GitLab's commit
 * rules for `POST /projects/:id/repository/commits` (../shared/reference/gitlab-api.md §1.8;
 * gitlabhq app/services/commits/create_service.rb, app/services/files/multi_service.rb,
 * Gitaly's index errors) and branch creation (§1.7; app/services/branches/create_service.rb,
 * validate_new_service.rb). Failures come back as GitLab words them; routes send them as 400.
 */
import { createHash } from 'node:crypto';
import type { SandboxCommit, SandboxDiff, SandboxRepositoryState } from './state.ts';

export type CommitAction =
  | { action: 'create' | 'update'; file_path: string; content: string; last_commit_id?: string }
  | { action: 'delete'; file_path: string; last_commit_id?: string };

export interface CommitRequest {
  branch: string;
  /** GitLab's API defaults it to `branch` (lib/api/commits.rb: `attrs[:start_branch] ||= attrs[:branch_name]`). */
  startBranch?: string;
  message: string;
  actions: CommitAction[];
  authorId: number;
  at: string;
  force?: boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export class SandboxRepository {
  readonly defaultBranch = 'main';
  private readonly commits = new Map<string, SandboxCommit>();
  private readonly branches = new Map<string, string>();
  private sequence = 0;

  /** `main` with one commit holding the seed files (a GitLab project starts with a README commit). */
  constructor(files: Record<string, string>, authorId: number, at: string) {
    const initial = this.store({ parents: [], message: 'Initial commit', authorId, at, files: { ...files }, changed: Object.keys(files).sort(), stats: stats({}, files) });
    this.branches.set(this.defaultBranch, initial.id);
  }

  snapshot(): SandboxRepositoryState {
    return structuredClone({ default_branch: this.defaultBranch, branches: Object.fromEntries(this.branches), commits: [...this.commits.values()] });
  }

  branchNames(): string[] {
    return [...this.branches.keys()].sort();
  }

  head(branch: string): SandboxCommit | undefined {
    const id = this.branches.get(branch);
    return id === undefined ? undefined : this.commits.get(id);
  }

  /** A branch name or a full commit id, as `ref` takes them (short SHAs and tags are not kept). */
  resolve(ref: string): SandboxCommit | undefined {
    return this.head(ref) ?? this.commits.get(ref.toLowerCase());
  }

  commit(id: string): SandboxCommit | undefined {
    return this.commits.get(id);
  }

  fileAt(ref: string, path: string): string | undefined {
    const files = this.resolve(ref)?.files;
    return files && Object.hasOwn(files, path) ? files[path] : undefined;
  }

  /** The newest commit reachable from `from` that changed `path` (GitLab's `last_commit_id`). */
  lastCommitFor(from: SandboxCommit, path: string): SandboxCommit {
    let current: SandboxCommit | undefined = from;
    while (current) {
      if (current.changed.includes(path)) return current;
      current = current.parent_ids[0] === undefined ? undefined : this.commits.get(current.parent_ids[0]);
    }
    return from;
  }

  /** Commits reachable from `head` (first parents only: the sandbox never merges). */
  history(head: string): string[] {
    const ids: string[] = [];
    for (let current = this.commits.get(head); current; current = this.commits.get(current.parent_ids[0] ?? '')) ids.push(current.id);
    return ids;
  }

  /** Files that differ between two commits, as a merge request's diffs list them (§1.3). */
  diff(from: SandboxCommit, to: SandboxCommit): SandboxDiff[] {
    const paths = [...new Set([...Object.keys(from.files), ...Object.keys(to.files)])].sort();
    const none = { new_file: false, renamed_file: false, deleted_file: false };
    return paths.flatMap((path): SandboxDiff[] => {
      const before = Object.hasOwn(from.files, path) ? from.files[path] : undefined;
      const after = Object.hasOwn(to.files, path) ? to.files[path] : undefined;
      if (before === after) return [];
      return [{ old_path: path, new_path: path, ...none, new_file: before === undefined, deleted_file: after === undefined }];
    });
  }

  /** `POST …/repository/branches`: checks in Branches::CreateService's order. */
  createBranch(name: string, ref: string): Outcome<SandboxCommit> {
    if (ref.trim() === '') return { ok: false, message: 'Ref is missing' };
    if (!validBranchName(name)) return { ok: false, message: 'Branch name is invalid' };
    if (this.branches.has(name)) return { ok: false, message: 'Branch already exists' };
    const target = this.resolve(ref);
    if (!target) return { ok: false, message: `Failed to create branch '${name}': invalid reference name '${ref}'` };
    this.branches.set(name, target.id);
    return { ok: true, value: target };
  }

  /**
   * One atomic commit of create/update/delete actions onto `branch`, starting it from
   * `startBranch` when it is new. The checks and their wording follow Commits::CreateService
   * (validate_on_branch!, validate_branch_existence!, validate_new_branch_name!) and
   * Files::MultiService/Gitaly (file exists, file missing, changed since `last_commit_id`).
   */
  createCommit(request: CommitRequest): Outcome<SandboxCommit> {
    const startBranch = request.startBranch ?? request.branch;
    const start = this.head(startBranch);
    if (!start) return { ok: false, message: 'You can only create or edit files when you are on a branch' };
    const differentBranch = startBranch !== request.branch;
    if (differentBranch && this.branches.has(request.branch) && !request.force) {
      return { ok: false, message: `A branch called '${request.branch}' already exists. Switch to that branch in order to make changes` };
    }
    if (differentBranch && !validBranchName(request.branch)) {
      return { ok: false, message: `Something went wrong when we tried to create '${request.branch}' for you: Branch name is invalid` };
    }

    const files = { ...start.files };
    const changed: string[] = [];
    for (const action of request.actions) {
      const path = action.file_path;
      const exists = Object.hasOwn(files, path);
      if (action.action === 'create' && exists) return { ok: false, message: 'A file with this name already exists' };
      if (action.action !== 'create' && !exists) return { ok: false, message: "A file with this name doesn't exist" };
      if (action.action !== 'create' && action.last_commit_id && this.lastCommitFor(start, path).id !== action.last_commit_id) {
        return { ok: false, message: `The file has changed since you started editing it: ${path}` };
      }
      if (action.action === 'delete') delete files[path];
      else files[path] = action.content;
      changed.push(path);
    }
    const commit = this.store({
      parents: [start.id],
      message: request.message,
      authorId: request.authorId,
      at: request.at,
      files,
      changed: [...new Set(changed)].sort(),
      stats: stats(start.files, files),
    });
    this.branches.set(request.branch, commit.id);
    return { ok: true, value: commit };
  }

  /** For seeds: write files straight onto a branch as one commit (created from `main` if new). */
  write(branch: string, files: Record<string, string | null>, authorId: number, at: string): SandboxCommit {
    const base = this.head(branch) ?? this.head(this.defaultBranch);
    if (!base) throw new Error('the sandbox repository has no default branch');
    const actions: CommitAction[] = Object.entries(files).map(([file_path, content]) =>
      content === null ? { action: 'delete', file_path } : { action: Object.hasOwn(base.files, file_path) ? 'update' : 'create', file_path, content },
    );
    const startBranch = this.branches.has(branch) ? branch : this.defaultBranch;
    const result = this.createCommit({ branch, startBranch, message: `Update ${Object.keys(files).join(', ')}`, actions, authorId, at });
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }

  private store(args: { parents: string[]; message: string; authorId: number; at: string; files: Record<string, string>; changed: string[]; stats: SandboxCommit['stats'] }): SandboxCommit {
    const id = createHash('sha1')
      .update(`${++this.sequence}\0${args.parents.join(',')}\0${args.message}\0${args.at}`)
      .digest('hex');
    const commit: SandboxCommit = {
      id,
      parent_ids: args.parents,
      title: args.message.split('\n')[0],
      message: args.message,
      author_id: args.authorId,
      created_at: args.at,
      files: args.files,
      changed: args.changed,
      stats: args.stats,
    };
    this.commits.set(id, commit);
    return commit;
  }
}

/** Git's blob id: sha1 of `blob <bytes>\0<content>`, what GitLab reports as `blob_id`. */
export function blobId(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * A light Gitlab::GitRefValidator: what `git check-ref-format` refuses that a request
 * branch could plausibly contain (spaces, `..`, control and special characters, `.lock`).
 */
export function validBranchName(name: string): boolean {
  if (name === '' || name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.endsWith('.lock')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false;
  return !/[\x00-\x20\x7f~^:?*[\\]/.test(name);
}

/** Line counts as GitLab's commit `stats` give them, from a plain line comparison per file. */
function stats(before: Record<string, string>, after: Record<string, string>): SandboxCommit['stats'] {
  let additions = 0;
  let deletions = 0;
  for (const path of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const oldLines = Object.hasOwn(before, path) ? lines(before[path]) : [];
    const newLines = Object.hasOwn(after, path) ? lines(after[path]) : [];
    if (oldLines.join('\n') === newLines.join('\n')) continue;
    const remaining = new Map<string, number>();
    for (const line of oldLines) remaining.set(line, (remaining.get(line) ?? 0) + 1);
    let kept = 0;
    for (const line of newLines) {
      const count = remaining.get(line) ?? 0;
      if (count > 0) {
        remaining.set(line, count - 1);
        kept++;
      }
    }
    additions += newLines.length - kept;
    deletions += oldLines.length - kept;
  }
  return { additions, deletions, total: additions + deletions };
}

function lines(content: string): string[] {
  return content === '' ? [] : content.replace(/\n$/, '').split('\n');
}
