import { isAbsolute, relative } from 'node:path';
import { fileErrorReason } from '../config/configFiles.ts';
import { plainText } from '../core/plainText.ts';

/** What a command may touch of the outside world, passed in so tests can run commands in-process. */
export interface CommandIO {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour terminal output (a TTY without NO_COLOR). */
  color: boolean;
  now: () => Date;
  /**
   * How to wait (retry pauses, rate limits, job polling); absent: real time. Tests pass
   * one that returns at once, so no test sleeps for real.
   */
  sleep?: (ms: number) => Promise<void>;
}

export function processIO(): CommandIO {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: closedPipeSafe(process.stdout),
    stderr: closedPipeSafe(process.stderr),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    now: () => new Date(),
  };
}

/**
 * `npm run import | head`: the reader leaves early and the next write meets EPIPE.
 * That is the reader's choice, not a failure: the rest of the output is dropped
 * and the command runs to its end (an apply is never cut off halfway), exiting
 * with its own code, 0 when all went well. Only a closed pipe is quiet; any other
 * stream error still surfaces.
 */
export function closedPipeSafe(stream: NodeJS.WriteStream): (text: string) => void {
  const pipe = watchedPipes.get(stream) ?? watchForClose(stream);
  return (text) => {
    if (!pipe.closed && !stream.destroyed) stream.write(text);
  };
}

/** One listener per stream, however many writers: it also covers code that writes to process.stdout directly (the sandbox). */
const watchedPipes = new WeakMap<NodeJS.WriteStream, { closed: boolean }>();

function watchForClose(stream: NodeJS.WriteStream): { closed: boolean } {
  const pipe = { closed: false };
  watchedPipes.set(stream, pipe);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // After EPIPE the stream is destroyed; later writes fail with ERR_STREAM_DESTROYED, just as quietly.
    if (error.code === 'EPIPE' || pipe.closed) {
      pipe.closed = true;
      return;
    }
    throw error;
  });
  return pipe;
}

/** Expected failure of a command: one clear message, no stack trace. */
export class CommandError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CommandError';
  }
}

/**
 * How a CLI ends on an error: an expected one (a CommandError, or a failure
 * `explain` can put in one line) prints `error: …` and gives its exit code; bad
 * arguments print the usage too; anything else is a bug and is thrown on.
 */
export function failureExitCode(error: unknown, io: CommandIO, usage: string, explain: (error: unknown) => CommandError | null): number {
  const expected = error instanceof CommandError ? error : (explain(error) ?? fileSystemFailure(error, io.cwd));
  if (expected) {
    // Messages quote titles from Zendesk and keys from plan files; each of their lines is printed as plain text.
    io.stderr(`error: ${expected.message.split('\n').map(plainText).join('\n')}\n`);
    return expected.exitCode;
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`error: ${error.message}\n\n${usage}`);
    return 1;
  }
  throw error;
}

/** Errors of the file system a user causes: a missing folder, a read-only one, a directory where a file belongs. */
const USER_FILE_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EEXIST', 'ELOOP', 'ENAMETOOLONG']);

const SYSCALL_VERBS: Readonly<Record<string, string>> = {
  open: 'open', read: 'read', write: 'write', mkdir: 'create the directory', rename: 'replace', unlink: 'remove', rmdir: 'remove',
  scandir: 'list', stat: 'read', lstat: 'read', access: 'read', copyfile: 'copy',
};

/**
 * Any command that reads or writes a file the user named can meet these; they are
 * one line naming the path, never "a bug". Network and programming errors carry
 * no path and syscall, so they are not mistaken for these.
 */
export function fileSystemFailure(error: unknown, cwd: string): CommandError | null {
  const failure = error as NodeJS.ErrnoException | null;
  if (!(error instanceof Error) || !failure?.code || !failure.path || !failure.syscall) return null;
  if (!USER_FILE_ERRORS.has(failure.code)) return null;
  const shown = relative(cwd, failure.path);
  const path = shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : failure.path;
  return new CommandError(`cannot ${SYSCALL_VERBS[failure.syscall] ?? failure.syscall} ${path}: ${fileErrorReason(error)}`);
}
