/**
 * `stackless lsp --stdio` driven by a real LSP client over stdio in a scratch project: pushed and
 * pulled diagnostics (stackless's only), an edit re-diagnosed, ignore comments and severity
 * options applied, hover; and the project service re-analysing only the file that changed.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { LspProject, type OpenDocument } from "../../lsp/project";
import { codeActionsFor } from "../../lsp/server";
import { applyTextEdits } from "../support/lsp-client";
import { LspClient } from "../support/lsp-client";
import { REPO, scratch, SUMMER_TS, UNSUPPORTED_TS } from "../integrations/scratch";

const DUPLICATE_TS = `import { coroutine, yield_ } from "stackless";

export const twice = coroutine((n: number) => {
  Same: n += yield_<number>(n);
  Same: n += yield_<number>(n);
  return n;
});
`;
/** A TypeScript error stackless must not repeat (TypeScript's own server reports it). */
const TYPE_ERROR_TS = `const n: number = "not a number";\nexport { n };\n`;
const TSCONFIG = JSON.stringify({ compilerOptions: { target: "es2022", module: "node16", strict: true, types: [], skipLibCheck: true, plugins: [{ name: "stackless/language-service", severity: { "70007": "warning" } }] }, include: ["src"] });

const CLI = path.join(REPO, "dist/cli/index.js");

function project(): string {
  return scratch("lsp", { "tsconfig.json": TSCONFIG, "src/summer.ts": SUMMER_TS, "src/twice.ts": DUPLICATE_TS, "src/broken.ts": UNSUPPORTED_TS, "src/typed.ts": TYPE_ERROR_TS, "package.json": JSON.stringify({ name: "lsp-scratch", private: true }) });
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), "utf8");

describe("stackless lsp --stdio with a real LSP client", function () {
  this.timeout(120_000);

  for (const mode of ["push", "pull"] as const) {
    describe(`${mode} diagnostics`, () => {
      let dir = "";
      let client: LspClient;
      before(async () => {
        dir = project();
        client = new LspClient(process.execPath, [CLI, "lsp", "--stdio"], dir, { pull: mode === "pull" });
        const init = (await client.initialize(dir)) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
        expect(init.serverInfo.name).to.equal("stackless");
        expect(init.capabilities).to.include.keys("diagnosticProvider", "codeActionProvider", "hoverProvider");
      });
      after(async () => expect(await client.stop()).to.equal(0));

      const diagnostics = async (file: string, text: string) => {
        const full = path.join(dir, file);
        if (mode === "push") return (await client.open(full, text, "push"))!;
        await client.open(full, text);
        return client.pull(full);
      };

      it("reports 70008 on the second of two duplicate labels, source stackless", async () => {
        const found = await diagnostics("src/twice.ts", read(dir, "src/twice.ts"));
        expect(found.map((d) => [d.code, d.source, d.severity, d.range.start.line])).to.deep.equal([[70008, "stackless", 1, 4]]);
      });

      it("reports nothing for a clean file, and nothing of TypeScript's own errors", async () => {
        expect(await diagnostics("src/summer.ts", read(dir, "src/summer.ts"))).to.deep.equal([]);
        expect(await diagnostics("src/typed.ts", read(dir, "src/typed.ts"))).to.deep.equal([]);
      });

      it("applies the tsconfig's severity option (70007 as a warning)", async () => {
        const found = await diagnostics("src/broken.ts", read(dir, "src/broken.ts"));
        expect(found.map((d) => [d.code, d.severity])).to.deep.equal([[70007, 2]]);
        expect(found[0].message).to.match(/with/);
      });

      it("re-diagnoses an edit: a // @stackless-ignore comment silences the code on its next line", async () => {
        const file = path.join(dir, "src/twice.ts");
        const edited = DUPLICATE_TS.replace("  Same: n += yield_<number>(n);\n  return", "  // @stackless-ignore 70008\n  Same: n += yield_<number>(n);\n  return");
        const found = mode === "push" ? (await client.change(file, edited, "push"))! : (await client.change(file, edited), await client.pull(file));
        expect(found).to.deep.equal([]);
      });
    });
  }

  it("hovers a yield_ with its state and a marker with the states in order", async () => {
    const dir = project();
    const client = new LspClient(process.execPath, [CLI, "lsp", "--stdio"], dir, { pull: true });
    try {
      await client.initialize(dir);
      const file = path.join(dir, "src/summer.ts");
      await client.open(file, SUMMER_TS);
      const onYield = await client.hover(file, 5, SUMMER_TS.split("\n")[5].indexOf("yield_") + 2);
      expect((onYield!.contents as { value: string }).value).to.contain("**`Add`**");
      const onMarker = await client.hover(file, 2, SUMMER_TS.split("\n")[2].indexOf("coroutine") + 1);
      expect((onMarker!.contents as { value: string }).value).to.contain("`Start` → `Add` → `Done`");
      expect(await client.hover(file, 0, 0)).to.equal(null);
    } finally {
      await client.stop();
    }
  });

  it("lsp without --stdio is a usage error (exit 2)", () => {
    const r = require("child_process").spawnSync(process.execPath, [CLI, "lsp"], { encoding: "utf8" }) as { status: number; stderr: string };
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("--stdio is required");
  });
});

describe("lsp/project: the long-lived language service", () => {
  it("analyses again only the file whose text changed", () => {
    const dir = project();
    const ts = require("typescript") as typeof TS;
    const open = new Map<string, OpenDocument>();
    const service = new LspProject(ts, path.join(dir, "tsconfig.json"), dir, open, ts.createDocumentRegistry());
    const twice = path.join(dir, "src/twice.ts");
    const summer = path.join(dir, "src/summer.ts");
    open.set(twice, { text: DUPLICATE_TS, version: 1 });
    open.set(summer, { text: SUMMER_TS, version: 1 });
    expect(service.report(twice)!.reported.length).to.equal(1);
    expect(service.report(summer)!.reported.length).to.equal(0);
    expect(service.analyses).to.equal(2);
    open.set(twice, { text: DUPLICATE_TS.replace("Same: n += yield_<number>(n);\n  return", "Other: n += yield_<number>(n);\n  return"), version: 2 });
    expect(service.report(twice)!.reported.length).to.equal(0);
    expect(service.report(summer)!.reported.length).to.equal(0);
    expect(service.analyses).to.equal(3);
    service.dispose();
  });
});

describe("lsp/server: code actions are the findings' own fixes", () => {
  it("turns a FindingFix into a quickfix CodeAction whose edits apply to the text", () => {
    const dir = project();
    const ts = require("typescript") as typeof TS;
    const twice = path.join(dir, "src/twice.ts");
    const service = new LspProject(ts, path.join(dir, "tsconfig.json"), dir, new Map([[twice, { text: DUPLICATE_TS, version: 1 }]]), ts.createDocumentRegistry());
    const report = service.report(twice)!;
    // The rename a 70008 fix makes, attached as a rule attaches its fix (no rule on this branch carries one yet).
    const label = DUPLICATE_TS.lastIndexOf("Same");
    const fix = { name: "stackless.renameState", description: "Rename the state to Same2", edits: [{ start: label, length: 4, newText: "Same2" }] };
    const withFix = { ...report, reported: report.reported.map((r) => ({ ...r, finding: { ...r.finding, fixes: [fix] } })) };
    const range = { start: { line: 4, character: 14 }, end: { line: 4, character: 14 } };
    const actions = codeActionsFor(ts, withFix, "file:///twice.ts", range);
    expect(actions.map((a) => [a.title, a.kind, a.diagnostics![0].code])).to.deep.equal([["Rename the state to Same2", "quickfix", 70008]]);
    const edited = applyTextEdits(DUPLICATE_TS, actions[0].edit!.changes!["file:///twice.ts"]);
    expect(edited).to.contain("  Same2: n += yield_<number>(n);");
    expect(codeActionsFor(ts, withFix, "file:///twice.ts", { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } })).to.deep.equal([]);
    service.dispose();
  });
});
