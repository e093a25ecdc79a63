/**
 * checkFile, the one entry every reporter (build, `stackless check`, tsserver, `stackless lsp`)
 * calls: it reports the analysis's own findings in source order, turns them into diagnostics
 * with the severity options and ignore comments applied, and reuses its result for an unchanged
 * SourceFile while a new checker or a new file version gets a fresh one.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { checkFile, stacklessDiagnostics } from "../../analysis/check";
import { transformSource } from "../../transformer";

const SOURCE = `import { coroutine, yield_ } from "stackless";
export const twice = coroutine(() => {
  Same: yield_(1);
  Same: yield_(2);
  return 0;
});
export function outside() {
  return yield_(3);
}
`;

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("check.ts", text, ts.ScriptTarget.ES2022, true);
}

describe("analysis/check: checkFile", () => {
  it("reports the analysis's findings (70003, 70008) in source order, as the transformer does", () => {
    const file = parse(SOURCE);
    const codes = checkFile(ts, file).findings.map((f) => f.code);
    expect(codes).to.deep.equal([70008, 70003]);
    const built = transformSource(SOURCE, { fileName: "check.ts" }).diagnostics.filter((d) => d.source === "stackless");
    expect(built.map((d) => d.code).sort()).to.deep.equal([...codes].sort());
  });

  it("reuses the result for the same SourceFile and checker, and recomputes for a new version", () => {
    const file = parse(SOURCE);
    const first = checkFile(ts, file);
    expect(checkFile(ts, file)).to.equal(first);
    expect(checkFile(ts, parse(SOURCE))).to.not.equal(first);
  });

  it("stacklessDiagnostics applies severity options and @stackless-ignore", () => {
    const file = parse(SOURCE.replace("  return yield_(3);", "  // @stackless-ignore 70003\n  return yield_(3);"));
    const diagnostics = stacklessDiagnostics(ts, file, { suppression: { severity: { "70008": "warning" } } });
    expect(diagnostics.map((d) => [d.code, d.category, d.source])).to.deep.equal([[70008, ts.DiagnosticCategory.Warning, "stackless"]]);
  });

  it("a file that imports nothing from stackless gets no findings", () => {
    expect(checkFile(ts, parse("export const x = 1;\nfunction* g() { yield 1; }\n")).findings).to.deep.equal([]);
  });
});
