/**
 * AnalyzeOptions.reuse (what checkFile asks for): after an edit, a site whose text and context did
 * not change takes its 70007s, compilability and flow summary from the file's previous analysis,
 * and everything checkFile reports must be exactly what a fresh analysis of the edited file gives.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { analyzeFile, type FileAnalysis } from "../../analysis/analyze";
import { checkFile } from "../../analysis/check";
import { CODE_CASES, NEAR_MISSES } from "../language-service/cases";

const REPO = path.resolve(__dirname, "..", "..", "..");

let fresh = 0;
function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
}

/** Everything checkFile reports, with positions and fixes, as comparable text. */
function report(file: ts.SourceFile): string[] {
  return checkFile(ts, file).findings.map((f) => {
    expect(f.node.getSourceFile(), "a finding's node belongs to the file it reports on").to.equal(file);
    return JSON.stringify([f.code, f.node.getStart(file), f.node.end, f.message, f.data ?? null, f.fixes ?? null]);
  });
}

/** What the rules read of each site. */
function siteFacts(analysis: FileAnalysis): string[] {
  return analysis.sites.map((s) =>
    JSON.stringify([s.site.call.getStart(analysis.file), s.compilable, s.summary?.endReachable, [...(s.summary?.firstYieldStates ?? [])], s.summary?.resumeBound]),
  );
}

/** Edits that leave most bodies alone (so their analyses are reused) and move them in the file. */
const EDITS: readonly { name: string; apply(text: string): string }[] = [
  { name: "the same text again", apply: (t) => t },
  { name: "a line inserted after the imports", apply: (t) => t.replace(/^((?:import[^\n]*\n)+)/, "$1export const edited = 1;\n") },
  { name: "the last body edited", apply: (t) => t.replace(/yield_\(([^()]*)\)(?![\s\S]*yield_\()/, "yield_($1); yield_($1)") },
  { name: "an outer const made a reassigned let", apply: (t) => t.replace(/\nconst (\w+) = ([^;\n]*);/, "\nlet $1 = $2; $1 = $2;") },
  { name: "the file cut in half", apply: (t) => t.slice(0, Math.floor(t.length / 2)) },
];

function corpus(): { name: string; text: string }[] {
  const samples = fs
    .readdirSync(path.join(REPO, "samples"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ name: `samples/${f}`, text: fs.readFileSync(path.join(REPO, "samples", f), "utf8") }));
  return [...samples, ...CODE_CASES.map((c) => ({ name: `case ${c.code}`, text: c.source })), { name: "near misses", text: NEAR_MISSES }];
}

describe("analysis: reuse across file versions (checkFile)", () => {
  for (const { name, text } of corpus()) {
    it(`${name}: after each edit, the same findings and site facts as a fresh analysis`, () => {
      const fileName = `reuse-${name.replace(/\W/g, "_")}.ts`;
      let previous = text;
      report(parse(fileName, previous));
      for (const edit of EDITS) {
        const next = edit.apply(previous);
        const edited = parse(fileName, next);
        const alone = parse(`fresh-${fresh++}.ts`, next);
        expect(report(edited), edit.name).to.deep.equal(report(alone));
        expect(siteFacts(checkFile(ts, edited).analysis), edit.name).to.deep.equal(siteFacts(analyzeFile(ts, alone)));
        previous = next;
      }
    });
  }

  it("a reused body's 70007 lands on the edited file's node, at its new position", () => {
    const head = `import { generator, yield_ } from "stackless";\n`;
    const body = `export const g = generator(() => { enum E { A } yield_(E.A); });\n`;
    const spans = (file: ts.SourceFile) => checkFile(ts, file).findings.map((f) => [f.code, file.text.slice(f.node.getStart(file), f.node.end), f.node.getStart(file)]);
    const first = parse("reuse-moved.ts", head + body);
    const moved = parse("reuse-moved.ts", head + "export const before = 0;\n" + body);
    expect(spans(first)).to.deep.equal([[70007, "enum E { A }", head.length + body.indexOf("enum")]]);
    expect(spans(moved)).to.deep.equal([[70007, "enum E { A }", head.length + 25 + body.indexOf("enum")]]);
  });
});
