import { expect } from "chai";
import * as ts from "typescript";
import {
  applySuppression,
  ignoredOnNextLine,
  mergeSeverityOptions,
  previousLineText,
  readSeverityOption,
} from "../../analysis/suppression";

const text = `const a = 1;
// @stackless-ignore 70006, 70008
const b = 2;
// @stackless-ignore
const c = 3;
const d = 4;
`;
const file = ts.createSourceFile("f.ts", text, ts.ScriptTarget.ES2022);

/** A diagnostic on `line` (0-based): stackless's unless `fromTypeScript`. */
function diagnostic(code: number, line: number, fromTypeScript = false): ts.Diagnostic {
  const start = file.getPositionOfLineAndCharacter(line, 6);
  const source = fromTypeScript ? undefined : "stackless";
  return { file, start, length: 1, code, source, category: ts.DiagnosticCategory.Error, messageText: `m${code}` };
}

describe("analysis/suppression: severity options and // @stackless-ignore", () => {
  it("reads a plugin entry's severity, keeping only codes with a known severity", () => {
    expect(readSeverityOption({ severity: { "70006": "off", "70007": "loud", abc: "off", "70005": "suggestion" } })).to.deep.equal({
      "70006": "off",
      "70005": "suggestion",
    });
    expect(readSeverityOption(undefined)).to.deep.equal({});
    expect(mergeSeverityOptions([{ severity: { "70006": "off" } }, { severity: { "70006": "error" } }, null])).to.deep.equal({
      severity: { "70006": "error" },
    });
  });

  it("parses the comment: listed codes (commas or spaces), or everything", () => {
    expect(ignoredOnNextLine("  // @stackless-ignore 70006, 70008")).to.deep.equal(new Set([70006, 70008]));
    expect(ignoredOnNextLine("x(); // @stackless-ignore 70006 70007")).to.deep.equal(new Set([70006, 70007]));
    expect(ignoredOnNextLine("// @stackless-ignore")).to.equal("all");
    expect(ignoredOnNextLine("// @stackless-ignored 70006")).to.equal(undefined);
    expect(ignoredOnNextLine("const x = 1;")).to.equal(undefined);
  });

  it("finds the line before a position, none on the first line", () => {
    expect(previousLineText(text, text.indexOf("const b"))).to.equal("// @stackless-ignore 70006, 70008");
    expect(previousLineText(text, text.indexOf("= 2"))).to.equal("// @stackless-ignore 70006, 70008");
    expect(previousLineText(text, 3)).to.equal(undefined);
  });

  it("silences the listed codes on the next line only, and all of stackless after a bare comment", () => {
    const kept = applySuppression(
      [diagnostic(70006, 2), diagnostic(70007, 2), diagnostic(70006, 4), diagnostic(70007, 4), diagnostic(70006, 5)],
      {},
    );
    expect(kept.map((d) => `${d.code}@${file.getLineAndCharacterOfPosition(d.start!).line}`)).to.deep.equal(["70007@2", "70006@5"]);
  });

  it("re-grades or drops codes by the severity option, and never touches TypeScript's diagnostics", () => {
    const original = [diagnostic(70006, 0), diagnostic(70007, 0), diagnostic(70003, 0), diagnostic(2345, 4, true)];
    const out = applySuppression(original, { severity: { "70006": "off", "70007": "warning", "70003": "suggestion", "2345": "off" } });
    expect(out.map((d) => [d.code, d.category])).to.deep.equal([
      [70007, ts.DiagnosticCategory.Warning],
      [70003, ts.DiagnosticCategory.Suggestion],
      [2345, ts.DiagnosticCategory.Error],
    ]);
    expect(original[1].category).to.equal(ts.DiagnosticCategory.Error);
  });
});
