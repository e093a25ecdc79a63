/**
 * What every `stackless` CLI command is: one file per command under cli/commands/, listed once in
 * cli/index.ts. Commands write only through `io`, so tests run them in-process.
 */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory relative paths are read from (process.cwd() for the real bin). */
  cwd: string;
  /** Whether stdout is a terminal (colours for `--pretty`). */
  isTTY: boolean;
}

export interface Command {
  /** The word after `stackless`. */
  name: string;
  /** One line for `stackless --help`. */
  summary: string;
  /** The full `stackless <name> --help` text. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[], io: CliIO): number | Promise<number>;
}
