/**
 * Severity options and `// @stackless-ignore` mean the same to every reader (SPEC "Diagnostics"),
 * and `// @ts-ignore` means nothing to any of them (docs/diagnostics.md):
 * one scratch project, its options spread over the three plugin entries, and the real tspc (with
 * and without --noEmit), `stackless check`, tsserver and `stackless lsp` must all report the same
 * stackless diagnostics of it.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { LspClient } from "../support/lsp-client";
import { TsServer, tsserverProject } from "../language-service/tsserver";
import { REPO, runBin, run } from "../integrations/scratch";
import { CODE_CASES } from "../language-service/cases";

const source = (code: number) => CODE_CASES.find((c) => c.code === code)!.source;

// Each file's only stackless diagnostic is its code; the options leave only 70003 (an error, also
// under a `// @ts-ignore`) and 70007 (re-graded to a warning) reported.
const FILES: Record<string, string> = {
  "src/off-in-transform-entry.ts": source(70008),
  "src/off-in-program-entry.ts": source(70006),
  "src/warning-in-editor-entry.ts": source(70007),
  "src/kept.ts": source(70003),
  "src/ignored.ts": source(70005).replace("export const c", "// @stackless-ignore 70005\nexport const c"),
  // TypeScript's own directive is applied before stackless adds its diagnostics: it reaches none.
  "src/ts-ignore.ts": source(70003).replace("export function outside", "// @ts-ignore\nexport function outside"),
};

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "node16",
    strict: true,
    skipLibCheck: true,
    types: [],
    outDir: "out",
    plugins: [
      { transform: "stackless/transformer", severity: { "70008": "off" } },
      { transform: "stackless/transformer", import: "transformProgram", transformProgram: true, severity: { "70006": "off" } },
      { name: "stackless/language-service", severity: { "70007": "warning" } },
    ],
  },
  include: ["src"],
});

/** What every reader must report: file → "code category", stackless's only. */
const EXPECTED = ["kept.ts 70003 error", "ts-ignore.ts 70003 error", "warning-in-editor-entry.ts 70007 warning"];

const CLI = path.join(REPO, "dist/cli/index.js");

/** `file(line,col): error TS70003: …` lines → "file code category". */
function fromTscLines(output: string): string[] {
  return [...output.matchAll(/(?:^|\/)([\w-]+\.ts)\(\d+,\d+\): (error|warning|message|suggestion) TS(70\d{3})/gm)].map((m) => `${m[1]} ${m[3]} ${m[2]}`).sort();
}

describe("severity options and // @stackless-ignore: one reading for the build, check, tsserver and lsp", function () {
  this.timeout(180_000);
  let dir = "";
  before(() => {
    dir = tsserverProject("shared-options", { "tsconfig.json": TSCONFIG, ...FILES, "package.json": JSON.stringify({ name: "shared-options", private: true }) });
    fs.symlinkSync(path.join(REPO, "node_modules/ts-patch"), path.join(dir, "node_modules/ts-patch"), "dir");
  });

  it("tspc (emitting) reports the same", () => {
    const r = runBin("ts-patch", "bin/tspc.js", ["-p", ".", "--pretty", "false"], dir);
    expect(fromTscLines(r.stdout + r.stderr)).to.deep.equal(EXPECTED);
    expect(r.status).to.not.equal(0);
  });

  it("tspc --noEmit reports the same", () => {
    const r = runBin("ts-patch", "bin/tspc.js", ["-p", ".", "--pretty", "false", "--noEmit"], dir);
    expect(fromTscLines(r.stdout + r.stderr)).to.deep.equal(EXPECTED);
    expect(r.status).to.not.equal(0);
  });

  it("stackless check reports the same", () => {
    const r = run(process.execPath, [CLI, "check", "-p", "."], dir);
    expect(fromTscLines(r.stdout + r.stderr)).to.deep.equal(EXPECTED);
    expect(r.status).to.equal(1);
  });

  it("tsserver (the editor) reports the same", async () => {
    const server = new TsServer(dir, path.join(dir, "tsserver.log"));
    try {
      const found: string[] = [];
      for (const [name, text] of Object.entries(FILES)) {
        const file = path.join(dir, name);
        await server.open(file, text);
        const diagnostics = await server.body<{ code: number; category: string; source?: string }[]>("semanticDiagnosticsSync", { file });
        for (const d of diagnostics.filter((d) => d.source === "stackless")) found.push(`${path.basename(name)} ${d.code} ${d.category}`);
      }
      expect(found.sort()).to.deep.equal(EXPECTED);
    } finally {
      server.close();
    }
  });

  it("stackless lsp reports the same", async () => {
    const client = new LspClient(process.execPath, [CLI, "lsp", "--stdio"], dir, { pull: true });
    try {
      await client.initialize(dir);
      const found: string[] = [];
      const category = ["", "error", "warning", "information", "hint"];
      for (const [name, text] of Object.entries(FILES)) {
        const file = path.join(dir, name);
        await client.open(file, text);
        for (const d of await client.pull(file)) found.push(`${path.basename(name)} ${d.code} ${category[d.severity ?? 0]}`);
      }
      expect(found.sort()).to.deep.equal(EXPECTED);
    } finally {
      expect(await client.stop()).to.equal(0);
    }
  });
});
