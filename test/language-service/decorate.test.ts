/**
 * The decorator in process, over a real ts.LanguageService: it wraps once, and an internal error
 * in stackless's part of a hook is logged and answered with TypeScript's result alone.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { decorate } from "../../language-service/decorate";
import { readPluginOptions } from "../../language-service/options";

const FILE = "/project/a.ts";
const TEXT = `import { generator, yield_ } from "stackless";\nexport const g = generator(() => { A: yield_(1); A: yield_(2); });\nexport const n: number = "no";\n`;

function languageService(text = TEXT): ts.LanguageService {
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ strict: true, target: ts.ScriptTarget.ES2022, noLib: true, types: [] }),
    getScriptFileNames: () => [FILE],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => (name === FILE ? ts.ScriptSnapshot.fromString(text) : undefined),
    getCurrentDirectory: () => "/project",
    getDefaultLibFileName: () => "lib.d.ts",
    fileExists: (name) => name === FILE,
    readFile: (name) => (name === FILE ? text : undefined),
  };
  return ts.createLanguageService(host);
}

const options = () => readPluginOptions({});
const codes = (ls: ts.LanguageService) => ls.getSemanticDiagnostics(FILE).map((d) => d.code);

describe("language-service: the decorator", () => {
  it("adds stackless's diagnostics after TypeScript's", () => {
    const plain = languageService();
    const own = codes(plain);
    expect(own).to.include(2322);
    expect(codes(decorate(ts, plain, options, () => {}))).to.deep.equal([...own, 70008]);
  });

  it("wraps once: decorating its own result returns it unchanged", () => {
    const once = decorate(ts, languageService(), options, () => {});
    const twice = decorate(ts, once, options, () => {});
    expect(twice).to.equal(once);
    expect(codes(twice).filter((c) => c === 70008)).to.have.length(1);
  });

  it("an internal error is logged and the hook answers TypeScript's result alone", () => {
    const plain = languageService();
    const own = codes(plain);
    // A host whose program breaks stackless's part (the file's text throws when read).
    const broken: ts.LanguageService = Object.create(plain);
    broken.getProgram = () => {
      throw new Error("boom");
    };
    const logged: string[] = [];
    const ls = decorate(ts, broken, options, (m) => logged.push(m));
    expect(codes(ls)).to.deep.equal(own);
    expect(ls.getQuickInfoAtPosition(FILE, TEXT.indexOf("generator(")), "quick info still answers").to.not.equal(undefined);
    expect(logged.join("\n")).to.contain("stackless: getSemanticDiagnostics failed").and.contain("boom");
  });

  it("leaves a file that never mentions stackless to TypeScript", () => {
    const text = `export const n: number = "no";\n`;
    const plain = languageService(text);
    let reads = 0;
    const counting: ts.LanguageService = Object.create(plain);
    counting.getProgram = () => (reads++, plain.getProgram());
    const ls = decorate(ts, counting, options, () => {});
    expect(ls.getSemanticDiagnostics(FILE).map((d) => d.code)).to.deep.equal([2322]);
    expect(ls.provideInlayHints(FILE, { start: 0, length: text.length }, {})).to.deep.equal([]);
    expect(reads).to.be.at.most(2);
  });
});
