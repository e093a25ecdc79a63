#!/usr/bin/env node
/**
 * The `stackless` command (the package's `bin`): dispatches to one command per file under
 * cli/commands/. `stackless --help` lists them; `stackless <command> --help` prints its usage.
 */
import type { CliIO, Command } from "./command";
import { checkCommand } from "./commands/check";
import { graphCommand } from "./commands/graph";
import { initCommand } from "./commands/init";
import { lspCommand } from "./commands/lsp";
import { transformCommand } from "./commands/transform";

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [checkCommand, transformCommand, graphCommand, initCommand, lspCommand];

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(overview());
    return name === undefined ? 1 : 0;
  }
  if (name === "--version" || name === "-v") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    io.stdout(`${require("../../package.json").version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`stackless: unknown command '${name}'\n\n${overview()}`);
    return 1;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.usage.endsWith("\n") ? command.usage : command.usage + "\n");
    return 0;
  }
  return command.run(rest, io);
}

function overview(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: stackless <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'stackless <command> --help' for a command's options.\n`;
}

if (require.main === module) {
  // `stackless … | head`: the reader left, so nothing more can be said; stop as `cat` does.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(process.exitCode ?? 0);
  });
  const io: CliIO = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
  };
  main(process.argv.slice(2), io).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`stackless: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
