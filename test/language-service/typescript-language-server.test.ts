/**
 * The tsserver plugin through typescript-language-server, as Neovim (and other LSP editors) run
 * it: a real LSP client speaks to the server over stdio; the server starts the scratch project's
 * own tsserver, which loads `{ "name": "stackless/language-service" }` from the project's
 * tsconfig. Stackless diagnostics arrive in publishDiagnostics and their fixes in codeAction.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { NODE_MODULES } from "../integrations/scratch";
import { applyTextEdits, LspClient, uri } from "../support/lsp-client";
import { CODE_CASES, expectedSpan } from "./cases";
import { locationOf, tsserverProject } from "./tsserver";

const SERVER = path.join(NODE_MODULES, "typescript-language-server", "lib", "cli.mjs");

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "node16",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ["es2022", "esnext.disposable"],
    types: [],
    plugins: [{ transform: "stackless/transformer" }, { name: "stackless/language-service" }],
  },
  include: ["src"],
});

/** The LSP range (0-based lines and characters) of a case's expected span. */
function expectedRange(source: string, start: number, length: number): Diagnostic["range"] {
  const from = locationOf(source, start);
  const to = locationOf(source, start + length);
  return { start: { line: from.line - 1, character: from.offset - 1 }, end: { line: to.line - 1, character: to.offset - 1 } };
}

describe("typescript-language-server with the plugin (the Neovim setup), over LSP stdio", function () {
  this.timeout(120_000);
  let dir = "";
  let client: LspClient;

  /**
   * The first publishDiagnostics for `file` at `version` or later that has a stackless diagnostic,
   * after `act` (the server publishes each pass as it ends: the syntax pass comes first).
   */
  async function stacklessPush(file: string, version: number, act: () => Promise<unknown>): Promise<Diagnostic[]> {
    let pushed = client.nextDiagnostics(file, version);
    await act();
    const deadline = Date.now() + 60_000;
    for (;;) {
      const params = await pushed;
      if (params.diagnostics.some((d) => d.source === "stackless") || Date.now() > deadline) return params.diagnostics;
      pushed = client.nextDiagnostics(file, version, Math.max(1, deadline - Date.now()));
    }
  }

  async function openAndDiagnose(name: string, text: string): Promise<Diagnostic[]> {
    const file = path.join(dir, "src", name);
    fs.writeFileSync(file, text);
    return stacklessPush(file, 1, () => client.open(file, text));
  }

  before(async () => {
    dir = tsserverProject("typescript-language-server", { "tsconfig.json": TSCONFIG, "src/.keep": "" });
    client = new LspClient(process.execPath, [SERVER, "--stdio"], dir);
    await client.initialize(dir);
  });
  after(async () => {
    await client?.stop();
  });

  it("publishes 70001 with its code, range and source", async () => {
    const c = CODE_CASES.find((k) => k.code === 70001)!;
    const diagnostics = await openAndDiagnose("thrice.ts", c.source);
    const { start, text } = expectedSpan(c);
    expect(diagnostics.filter((d) => d.source === "stackless").map((d) => ({ code: d.code, range: d.range }))).to.deep.equal([
      { code: 70001, range: expectedRange(c.source, start, text.length) },
    ]);
  });

  it("offers 70002's quick fix in textDocument/codeAction; applied, the 70002 is gone", async () => {
    const c = CODE_CASES.find((k) => k.code === 70002)!;
    const diagnostics = await openAndDiagnose("ignored.ts", c.source);
    const ours = diagnostics.filter((d) => d.source === "stackless");
    const { start, text } = expectedSpan(c);
    expect(ours.map((d) => ({ code: d.code, range: d.range }))).to.deep.equal([{ code: 70002, range: expectedRange(c.source, start, text.length) }]);
    const file = path.join(dir, "src", "ignored.ts");
    const actions = (await client.codeActions(file, ours[0])) ?? [];
    const fix = actions.find((a) => a.title === "Remove the ignored first input");
    expect(fix, JSON.stringify(actions.map((a) => a.title))).to.not.equal(undefined);
    expect(fix!.kind).to.equal("quickfix");
    const edits = fix!.edit?.changes?.[uri(file)] ?? fix!.edit?.documentChanges?.flatMap((d) => ("edits" in d ? d.edits : [])) ?? [];
    const fixed = applyTextEdits(c.source, edits);
    expect(fixed).to.contain("c.resume();\nc.resume(6);");
    // A body with a reachable end (70005) added with the fix: its diagnostic shows the server
    // checked the fixed version, and 70002 must be gone from that check.
    const reachableEnd = `export const d = coroutine((x: number) => { yield_<number>(x); });\n`;
    const after = await stacklessPush(file, 2, () => client.change(file, fixed + reachableEnd));
    expect(after.filter((d) => d.source === "stackless").map((d) => d.code)).to.deep.equal([70005]);
  });
});
