/** What a command may touch of the outside world, passed in so tests can run commands in-process. */
export interface CommandIO {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour terminal output (a TTY without NO_COLOR). */
  color: boolean;
  now: () => Date;
}

export function processIO(): CommandIO {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    now: () => new Date(),
  };
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
  const expected = error instanceof CommandError ? error : explain(error);
  if (expected) {
    io.stderr(`error: ${expected.message}\n`);
    return expected.exitCode;
  }
  if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr(`error: ${error.message}\n\n${usage}`);
    return 1;
  }
  throw error;
}
