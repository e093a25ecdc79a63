/**
 * How the extension starts the server, without the vscode API (so a test can start it the same
 * way): `node <workspace>/node_modules/stackless/dist/cli/index.js lsp --stdio`, the workspace's
 * own stackless, in the workspace folder.
 */
"use strict";
const path = require("path");

/** The workspace's stackless CLI, or undefined when the folder does not depend on stackless. */
function stacklessCli(folder) {
  try {
    return path.join(path.dirname(require.resolve("stackless/package.json", { paths: [folder] })), "dist", "cli", "index.js");
  } catch {
    return undefined;
  }
}

/** vscode-languageclient's Executable: no `transport`, so it talks over the child's stdin/stdout as given. */
function serverExecutable(folder, node = "node") {
  const cli = stacklessCli(folder);
  if (!cli) return undefined;
  return { command: node, args: [cli, "lsp", "--stdio"], options: { cwd: folder } };
}

module.exports = { stacklessCli, serverExecutable };
