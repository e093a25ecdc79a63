/**
 * The editor-neutral services (analysis/services) on their own: each with the cases it must
 * answer and the ones it must leave alone.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { checkFile } from "../../analysis/check";
import type { Finding } from "../../analysis/diagnostics";
import { applyEdits, convertGeneratorEdits, findingFixesAt, generatorFunctionAt, hoverAt, missingImportFix, planImports, stateHints } from "../../analysis/services";
import { parse } from "../support/parse";

const at = (text: string, needle: string, nth = 0): number => {
  let p = -1;
  for (let i = 0; i <= nth; i++) p = text.indexOf(needle, p + 1);
  if (p < 0) throw new Error(`no ${needle}`);
  return p;
};

const SUMMER = `import { coroutine, yield_ } from "stackless";
const summer = coroutine((first: number) => {
  let sum = first;
  const hist: number[] = [];
  for (;;) {
    hist.push(sum);
    Add: sum += yield_<number>(sum);
  }
});
const pair = coroutine(() => {
  const a = yield_<number>(0);
  const b = yield_<number>(a);
  return a + b;
});
`;

describe("services: hover", () => {
  const file = parse(SUMMER);
  const analysis = checkFile(ts, file).analysis;

  it("on a marker: its states in order; unbounded when a loop passes a suspension", () => {
    const h = hoverAt(analysis, at(SUMMER, "coroutine", 1) + 3)!;
    expect(h.markdown).to.contain("`Start` → `Add` → `Done`").and.contain("unbounded");
    expect(SUMMER.slice(h.start, h.start + h.length)).to.equal("coroutine");
  });

  it("on a bounded marker: how many resumes it takes", () => {
    expect(hoverAt(analysis, at(SUMMER, "coroutine", 2))!.markdown).to.contain("`Start` → `Yield1` → `Yield2` → `Done`").and.contain("takes 3 resumes");
  });

  it("on a yield_: the state and the locals saved there", () => {
    expect(hoverAt(analysis, at(SUMMER, "yield_", 1))!.markdown).to.contain("**`Add`** — saves sum, hist");
    expect(hoverAt(analysis, at(SUMMER, "yield_", 3))!.markdown).to.contain("**`Yield2`** — saves a");
    expect(hoverAt(analysis, at(SUMMER, "yield_", 2))!.markdown).to.contain("**`Yield1`** — saves no locals");
  });

  it("nothing elsewhere: an operand, a local, the import, a file without stackless", () => {
    expect(hoverAt(analysis, at(SUMMER, "(sum)") + 1)).to.equal(undefined);
    expect(hoverAt(analysis, at(SUMMER, "hist.push"))).to.equal(undefined);
    expect(hoverAt(analysis, at(SUMMER, "coroutine"))).to.equal(undefined);
    const plain = parse(`function coroutine(f: () => void) { return f; }\ncoroutine(() => {});\n`);
    expect(hoverAt(checkFile(ts, plain).analysis, 45)).to.equal(undefined);
  });
});

describe("services: inlay hints", () => {
  const file = parse(SUMMER);
  const analysis = checkFile(ts, file).analysis;

  it("the state name before each unlabelled suspension, in the span asked for", () => {
    const hints = stateHints(ts, analysis, 0, SUMMER.length);
    expect(hints).to.deep.equal([
      { position: at(SUMMER, "yield_", 2), text: "Yield1:" },
      { position: at(SUMMER, "yield_", 3), text: "Yield2:" },
    ]);
    expect(stateHints(ts, analysis, 0, at(SUMMER, "const b"))).to.have.length(1);
  });

  it("none for a labelled suspension (its label shows the name) or a file without markers", () => {
    expect(stateHints(ts, analysis, 0, at(SUMMER, "const pair"))).to.deep.equal([]);
    expect(stateHints(ts, checkFile(ts, parse(`const yield_ = (x: number) => x; yield_(1);`)).analysis, 0, 100)).to.deep.equal([]);
  });
});

describe("services: quick fixes", () => {
  it("findingFixesAt: the fixes of findings with a listed code whose span meets the range", () => {
    const file = parse(`const x = 1;\nconst y = 2;\n`);
    const node = file.statements[1];
    const fix = { name: "f", description: "d", edits: [{ start: 0, length: 0, newText: "" }] };
    const f: Finding = { code: 70002, severity: "warning", node, message: "m", fixes: [fix] };
    expect(findingFixesAt([f], node.getStart(), node.getStart(), [70002])).to.deep.equal([fix]);
    expect(findingFixesAt([f], node.getEnd(), node.getEnd(), [70002])).to.deep.equal([fix]);
    expect(findingFixesAt([f], node.getStart(), node.getStart(), [70005])).to.deep.equal([]);
    expect(findingFixesAt([f], 0, 3, [70002])).to.deep.equal([]);
  });

  it("missingImportFix: a new import line, or a specifier added to the existing import", () => {
    const bare = `// header\nexport const c = coroutine(() => 1);\n`;
    expect(applyEdits(bare, missingImportFix(ts, parse(bare), at(bare, "coroutine"))!.edits)).to.equal(
      `// header\nimport { coroutine } from "stackless";\n\nexport const c = coroutine(() => 1);\n`,
    );
    const some = `import { yield_ } from "stackless";\nimport * as fs from "fs";\nexport const c = coroutine(() => yield_(fs));\n`;
    expect(applyEdits(some, missingImportFix(ts, parse(some), at(some, "coroutine"))!.edits)).to.equal(
      `import { yield_, coroutine } from "stackless";\nimport * as fs from "fs";\nexport const c = coroutine(() => yield_(fs));\n`,
    );
  });

  it("missingImportFix: nothing for a name that is no marker, a property name, or an imported marker", () => {
    const text = `import { yield_ } from "stackless";\nexport const c = nothing(() => x.coroutine, yield_);\n`;
    expect(missingImportFix(ts, parse(text), at(text, "nothing"))).to.equal(undefined);
    expect(missingImportFix(ts, parse(text), at(text, "coroutine"))).to.equal(undefined);
    expect(missingImportFix(ts, parse(text), at(text, "yield_", 1))).to.equal(undefined);
  });

  it("planImports: a namespace import names the exports through it", () => {
    const text = `import * as S from "stackless";\n`;
    const plan = planImports(ts, parse(text), ["generator"]);
    expect(plan.names.get("generator")).to.equal("S.generator");
    expect(plan.edits).to.deep.equal([]);
  });
});

describe("services: convert generator function to stackless", () => {
  const convert = (text: string, needle = "function*"): string => {
    const file = parse(text);
    const fn = generatorFunctionAt(ts, file, at(text, needle))!;
    expect(fn, "offered").to.not.equal(undefined);
    return applyEdits(text, convertGeneratorEdits(ts, file, fn));
  };

  it("a declaration: a function returning generator(() => …), yield → yield_, yield* → yield_.from, the import added", () => {
    expect(convert(`function* g(n: number) {\n  const x = yield n;\n  yield* [x];\n}\n`)).to.equal(
      `import { generator, yield_ } from "stackless";\n\nfunction g(n: number) {\n  return generator(() => {\n    const x = yield_(n);\n    yield_.from([x]);\n  });\n}\n`,
    );
  });

  it("an expression, a method, nested yields, a return annotation's type arguments, template text kept", () => {
    const out = convert(
      `import { coroutine } from "stackless";\nconst o = {\n  *m(): Generator<number, void, string> {\n    yield (yield 1) as unknown as number;\n    const s = \`a\nb\`;\n  },\n};\n`,
      "*m",
    );
    expect(out).to.equal(
      `import { coroutine, generator, yield_ } from "stackless";\nconst o = {\n  m() {\n    return generator<number, void, string>(() => {\n      yield_((yield_<string>(1)) as unknown as number);\n      const s = \`a\nb\`;\n    });\n  },\n};\n`,
    );
    expect(convert(`export const f = function*(){ yield 1 }`, "function*")).to.contain("function(){\n  return generator(() => { yield_(1) });\n}");
  });

  it("`function*name` keeps a space; a nested generator keeps its own yields", () => {
    const out = convert(`function*g() { yield 1; function* inner() { yield 2; } }`);
    expect(out).to.match(/function g\(\)/).and.contain("yield_(1)").and.contain("function* inner() { yield 2; }");
  });

  it("offered on the header or a selection of the whole function, not inside the body, nor for async or plain functions", () => {
    const text = `function* g() { yield 1; }\nasync function* a() { yield 1; }\nfunction p() { return 1; }\n`;
    const file = parse(text);
    expect(generatorFunctionAt(ts, file, at(text, "g()"))).to.not.equal(undefined);
    expect(generatorFunctionAt(ts, file, 0, at(text, "\n"))).to.not.equal(undefined);
    expect(generatorFunctionAt(ts, file, at(text, "yield"))).to.equal(undefined);
    expect(generatorFunctionAt(ts, file, at(text, "a()"))).to.equal(undefined);
    expect(generatorFunctionAt(ts, file, at(text, "p()"))).to.equal(undefined);
  });
});
