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
