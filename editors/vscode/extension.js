/**
 * The stackless VS Code extension: starts the workspace's `stackless lsp --stdio` for TypeScript
 * files, beside the editor's own TypeScript (TypeScript 7's extension loads no tsserver plugins).
 */
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");
const { serverExecutable } = require("./server");

/** @type {LanguageClient[]} */
const clients = [];

async function activate(context) {
  const node = vscode.workspace.getConfiguration("stackless").get("node", "node");
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const executable = serverExecutable(folder.uri.fsPath, node);
    if (!executable) continue; // this folder does not depend on stackless
    const client = new LanguageClient(
      `stackless:${folder.name}`,
      `stackless (${folder.name})`,
      { run: executable, debug: executable },
      {
        documentSelector: ["typescript", "typescriptreact"].map((language) => ({ scheme: "file", language, pattern: `${folder.uri.fsPath}/**/*` })),
        workspaceFolder: folder,
      },
    );
    clients.push(client);
    context.subscriptions.push(client);
    await client.start();
  }
}

async function deactivate() {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
}

module.exports = { activate, deactivate };
