/**
 * The generator conversion on real generator code: regenerator's own behaviour tests (a vendored
 * subset, test/fixtures/regenerator) with every `function*` converted by the refactor, compiled
 * with the transformer, run with mocha: the same tests pass as run natively.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { applyEdits, convertGeneratorEdits, type GeneratorFunction } from "../../analysis/services";
import { transformSource } from "../../transformer";
import { REPO, runBin, scratch } from "../integrations/scratch";

const FIXTURES = path.join(REPO, "test/fixtures/regenerator");

/**
 * Tests of regenerator's file the fixture leaves out, and why: they check regenerator itself, rely
 * on sloppy mode (the converted file imports stackless, so it is a module, strict), or meet
 * stackless's documented differences from `function*` (docs/language-service.md).
 */
export const LEFT_OUT = {
  regeneratorInternals: ["should get a reference to the caught error", "should work for nested generator function declarations", "should be preserved in generated code"],
  sloppyMode: [
    "should be shadowable by explicit declarations (sloppy)",
    "should alias function parameters",
    "supports .callee",
    "should work even if the declarations are out of order",
    "should be kept at top of outer function",
  ],
  // A resume from inside the body throws CoroutineError ALREADY_RUNNING, not a TypeError.
  alreadyRunningError: ["should complain with a TypeError"],
  // next() on a generator in Done throws RESUMED_AFTER_COMPLETION instead of answering { done: true }.
  nextAfterDone: ["should not be required to have a .return method", "should work with newborn generators", "should behave as if generator actually returned"],
};

function firstGenerator(file: ts.SourceFile): GeneratorFunction | undefined {
  let found: GeneratorFunction | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) && n.asteriskToken && n.body) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** Convert every generator function of `text`, one refactor at a time, as a user would. */
function convertAll(text: string): { text: string; conversions: number } {
  let conversions = 0;
  for (;;) {
    const file = ts.createSourceFile("tests.js", text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const fn = firstGenerator(file);
    if (!fn) return { text, conversions };
    text = applyEdits(text, convertGeneratorEdits(ts, file, fn));
    conversions++;
  }
}

interface MochaJson {
  stats: { passes: number; failures: number };
  passes: { fullTitle: string }[];
  failures: { fullTitle: string; err: { message: string } }[];
}

function mocha(dir: string, file: string): MochaJson {
  const ran = runBin("mocha", "bin/mocha.js", ["--no-config", "--reporter", "json", file], dir);
  return JSON.parse(ran.stdout.slice(ran.stdout.indexOf("{"))) as MochaJson;
}

describe("the generator conversion on regenerator's tests", function () {
  this.timeout(120_000);

  it("converts every generator function; the result compiles without diagnostics and passes the same tests", () => {
    const original = fs.readFileSync(path.join(FIXTURES, "tests.es6.js"), "utf8");
    const converted = convertAll(original);
    expect(converted.conversions).to.be.greaterThan(100);
    expect(converted.text).to.not.match(/function\s*\*/);
    const compiled = transformSource(converted.text, { fileName: "tests.js" });
    expect(compiled.diagnostics.map((d) => `${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)).to.deep.equal([]);

    const dir = scratch("regenerator", {
      "native.js": original,
      "converted.js": compiled.outputText,
      "shared.js": fs.readFileSync(path.join(FIXTURES, "shared.js"), "utf8"),
    });
    const native = mocha(dir, "native.js");
    const ours = mocha(dir, "converted.js");
    expect(native.stats.failures).to.equal(0);
    expect(native.stats.passes).to.be.greaterThan(100);
    expect(ours.failures.map((f) => `${f.fullTitle}: ${f.err.message}`)).to.deep.equal([]);
    expect(ours.passes.map((p) => p.fullTitle)).to.deep.equal(native.passes.map((p) => p.fullTitle));
  });

  it("the fixture holds none of the tests it leaves out", () => {
    const original = fs.readFileSync(path.join(FIXTURES, "tests.es6.js"), "utf8");
    for (const title of Object.values(LEFT_OUT).flat()) expect(original).to.not.contain(title);
  });
});
