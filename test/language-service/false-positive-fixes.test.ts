/**
 * A state label and a future's context parameter are used (by the transformer): a real tsserver
 * reports no TS7028/TS6133 on them, as errors or as suggestions (faded), and offers none of TypeScript's fixes for those codes there
 * ("Remove unused label" would rename the state and change the snapshot version; removing or
 * renaming `cx` would break the future), even when asked for them by code.
 */
import { expect } from "chai";
import * as path from "path";
import { locationOf, TsServer, tsserverProject } from "./tsserver";

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "node16",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    allowUnusedLabels: false,
    noUnusedParameters: true,
    plugins: [{ name: "stackless/language-service" }],
  },
  include: ["src"],
});

const SOURCE = `import { coroutine, future, await_, yield_ } from "stackless";
export const summer = coroutine((first: number): number => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
export const later = future((cx) => await_(Promise.resolve(1)));
export function plain(unused: number) {
  Loop: for (;;) return 1;
}
`;

interface CodeFix {
  fixName: string;
  description: string;
}

describe("tsserver: no fix for the TS7028/TS6133 the plugin leaves out", function () {
  this.timeout(120_000);
  let dir = "";
  let server: TsServer;
  const file = () => path.join(dir, "src/a.ts");
  const fixesAt = (needle: string, code: number) => {
    const at = SOURCE.indexOf(needle);
    return server.body<CodeFix[]>("getCodeFixes", { file: file(), startLine: locationOf(SOURCE, at).line, startOffset: locationOf(SOURCE, at).offset, endLine: locationOf(SOURCE, at + needle.length).line, endOffset: locationOf(SOURCE, at + needle.length).offset, errorCodes: [code] });
  };

  before(async () => {
    // A second project with the default options, where TypeScript reports the two as suggestions.
    const lenient = TSCONFIG.replace(`"allowUnusedLabels":false,"noUnusedParameters":true,`, "").replace('["src"]', '["."]');
    dir = tsserverProject("false-positive-fixes", { "tsconfig.json": TSCONFIG, "lenient/tsconfig.json": lenient });
    server = new TsServer(dir, path.join(dir, "tsserver.log"));
    await server.open(file(), SOURCE);
  });
  after(() => server?.close());

  it("reports TS7028 and TS6133 only where no state or future needs them", async () => {
    const found = await server.body<{ code: number; start: { line: number } }[]>("semanticDiagnosticsSync", { file: file() });
    expect(found.map((d) => `${d.start.line} ${d.code}`)).to.deep.equal(["9 6133", "10 7028"]);
  });

  it("with the default options, reports them as suggestions (VS Code's fading) only where no state or future needs them", async () => {
    const lenient = path.join(dir, "lenient/a.ts");
    await server.open(lenient, SOURCE);
    const semantic = await server.body<{ code: number }[]>("semanticDiagnosticsSync", { file: lenient });
    expect(semantic.map((d) => d.code)).to.deep.equal([]);
    const found = await server.body<{ code: number; start: { line: number }; reportsUnnecessary?: boolean }[]>("suggestionDiagnosticsSync", { file: lenient });
    expect(found.filter((d) => d.code === 7028 || d.code === 6133).map((d) => `${d.start.line} ${d.code}`)).to.deep.equal(["9 6133", "10 7028"]);
  });

  it("offers no Remove unused label on a state label, but still on a label that names no state", async () => {
    expect((await fixesAt("Add", 7028)).map((f) => f.fixName)).to.deep.equal([]);
    expect((await fixesAt("Loop", 7028)).map((f) => f.fixName)).to.include("fixUnusedLabel");
  });

  it("offers no fix of TS6133 on a future's context, but still on another unused parameter", async () => {
    expect((await fixesAt("cx", 6133)).map((f) => f.fixName)).to.deep.equal([]);
    expect((await fixesAt("unused", 6133)).map((f) => f.fixName)).to.include("unusedIdentifier");
  });
});
