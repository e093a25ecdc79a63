/**
 * editors/vscode: `vsce package` (3.x, no publishing) makes a .vsix with the extension and its
 * language client, and the server starts as the extension starts it (server.js's Executable)
 * and answers a real LSP client.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LspClient } from "../support/lsp-client";
import { REPO, scratch, SUMMER_TS } from "../integrations/scratch";

const EXTENSION = path.join(REPO, "editors/vscode");
const VSCE = path.join(REPO, "node_modules/@vscode/vsce/vsce");

describe("editors/vscode: the VS Code extension", function () {
  this.timeout(300_000);

  it("vsce package makes a .vsix holding extension.js, server.js and vscode-languageclient", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-vsix-"));
    fs.cpSync(EXTENSION, dir, { recursive: true, filter: (f) => !f.includes("node_modules") });
    execFileSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], { cwd: dir, stdio: "pipe" });
    const listed = execFileSync(process.execPath, [VSCE, "ls"], { cwd: dir, encoding: "utf8" }).split("\n");
    expect(listed).to.include.members(["extension.js", "server.js", "package.json", "node_modules/vscode-languageclient/package.json"]);
    execFileSync(process.execPath, [VSCE, "package", "--allow-missing-repository", "-o", "stackless.vsix"], { cwd: dir, stdio: "pipe" });
    const vsix = fs.readFileSync(path.join(dir, "stackless.vsix"));
    // A .vsix is a zip: its local file headers start with PK\x03\x04 and name each entry.
    expect(vsix.subarray(0, 4).toString("binary")).to.equal("PK\x03\x04");
    for (const entry of ["extension/extension.js", "extension/server.js", "extension.vsixmanifest", "extension/node_modules/vscode-languageclient/lib/node/main.js"]) expect(vsix.includes(Buffer.from(entry)), entry).to.equal(true);
  });

  it("starts the workspace's stackless lsp as the extension does, and it answers", async () => {
    const dir = scratch("vscode-launch", { "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "node16", types: [] } }), "src/summer.ts": SUMMER_TS, "src/bad.ts": SUMMER_TS.replace("for (;;) {", "for (;;) {\n    Add: yield_<number>(0);") });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { serverExecutable } = require(path.join(EXTENSION, "server.js")) as { serverExecutable(folder: string, node?: string): { command: string; args: string[]; options: { cwd: string } } | undefined };
    expect(serverExecutable(os.tmpdir())).to.equal(undefined);
    const executable = serverExecutable(dir, process.execPath)!;
    expect(executable.args.slice(1)).to.deep.equal(["lsp", "--stdio"]);
    const client = new LspClient(executable.command, executable.args, executable.options.cwd);
    try {
      await client.initialize(dir);
      const bad = path.join(dir, "src/bad.ts");
      const pushed = await client.open(bad, fs.readFileSync(bad, "utf8"), "push");
      expect(pushed!.map((d) => d.code)).to.deep.equal([70008]);
    } finally {
      expect(await client.stop()).to.equal(0);
    }
  });
});
