/**
 * `stackless lsp --stdio`: starts the language server (lsp/server.ts) on standard input and
 * output, for editors whose TypeScript runs no tsserver plugins (TypeScript 7's VS Code
 * extension, Neovim, Helix, Zed).
 */
import type { CliIO, Command } from "../command";

const USAGE = `Usage: stackless lsp --stdio

Runs a language server that reports stackless's diagnostics (only those: the editor's TypeScript
reports its own), offers their quick fixes as code actions, and shows stackless's hover, for
TypeScript files. It speaks LSP over standard input and output and runs beside the editor's
TypeScript server (TypeScript 7's \`tsc --lsp --stdio\` included). Each file is checked in the
project of its nearest tsconfig.json, with the project's typescript when it is 5.5-6.x, else the
TypeScript 6 that stackless ships with.

Options:
  --stdio       talk LSP over standard input/output (the only transport)
  -h, --help    show this text
`;

function run(args: readonly string[], io: CliIO): number | Promise<number> {
  const unknown = args.filter((a) => a !== "--stdio");
  if (unknown.length || !args.includes("--stdio")) {
    io.stderr(`stackless lsp: ${unknown.length ? `unknown option '${unknown[0]}'` : "--stdio is required"}\n\n${USAGE}`);
    return 2;
  }
  // Loaded here: vscode-languageserver and the compiler are for this command only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createConnection, ProposedFeatures } = require("vscode-languageserver/node") as typeof import("vscode-languageserver/node");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require("../../lsp/server") as typeof import("../../lsp/server");
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  // The connection ends the process on the client's `exit` notification (or when stdin closes).
  return new Promise<number>(() => {});
}

export const lspCommand: Command = {
  name: "lsp",
  summary: "a language server with stackless's diagnostics, quick fixes and hover (--stdio)",
  usage: USAGE,
  run,
};
