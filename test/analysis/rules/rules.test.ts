/**
 * The rules 70001, 70002, 70005 and 70006 through checkFile: each misuse reported with its span,
 * and the near-misses (escaping instances, unbounded bodies, branches, kept inputs) reporting nothing.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { checkFile } from "../../../analysis/check";

const HEADER = `import { coroutine, generator, yield_ } from "stackless";\ndeclare function use(x: unknown): void;\n`;

/** `code: spanned text` for each finding of `code` in the module. */
function found(code: number, src: string): string[] {
  const file = ts.createSourceFile("m.ts", HEADER + src, ts.ScriptTarget.ES2022, true);
  return checkFile(ts, file)
    .findings.filter((f) => f.code === code)
    .map((f) => `${file.getLineAndCharacterOfPosition(f.node.getStart(file)).line - 2}: ${file.text.slice(f.node.getStart(file), f.node.end)}`);
}

function fixed(code: number, src: string): string {
  const file = ts.createSourceFile("m.ts", src, ts.ScriptTarget.ES2022, true);
  const fix = checkFile(ts, file).findings.find((f) => f.code === code)!.fixes![0];
  let text = src;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.newText + text.slice(e.start + e.length);
  return text;
}

const ONE_YIELD = `coroutine((x: number) => { yield_(x); return 2; })`;

describe("rules: 70001 resumed after Done", () => {
  it("the third resume of a body with one yield_ (straight line)", () => {
    expect(found(70001, `function f() {\n  const c = ${ONE_YIELD};\n  c.resume(1);\n  c.resume(2);\n  c.resume(3);\n}`)).to.deep.equal(["4: c.resume"]);
  });
  it("in a loop with literal bounds, and after it", () => {
    expect(found(70001, `function f() {\n  const c = ${ONE_YIELD};\n  for (let i = 0; i < 3; i++) c.resume(i);\n  c.resume(9);\n}`)).to.deep.equal(["2: c.resume", "3: c.resume"]);
  });
  it("after both branches resumed, and behind a done test or a `while (!c.done)` loop", () => {
    expect(found(70001, `function f(b: boolean) {\n  const c = ${ONE_YIELD};\n  if (b) c.resume(1); else c.resume(2);\n  c.resume(3);\n  c.resume(4);\n}`)).to.deep.equal(["4: c.resume"]);
    const unbounded = `coroutine((x: number) => { for (;;) x = yield_(x); })`;
    expect(found(70001, `function f() {\n  const c = ${unbounded};\n  if (c.done) c.resume(1);\n  while (!c.done) c.resume(2);\n  c.resume(3);\n}`)).to.deep.equal(["2: c.resume", "4: c.resume"]);
    expect(found(70001, `function f() {\n  const c = ${unbounded};\n  if (!c.done) return;\n  c.resume(3);\n}`)).to.deep.equal(["3: c.resume"]);
  });
  it("a generator iterated to the end by for…of (even with a break) or spread", () => {
    const g = `generator(() => { for (;;) yield_(1); })`;
    expect(found(70001, `function f() {\n  const g = ${g};\n  for (const x of g) if (x) break;\n  g.next();\n}`)).to.deep.equal(["3: g.next"]);
    expect(found(70001, `function f() {\n  const g = generator(() => { yield_(1); });\n  const all = [...g];\n  for (const x of g) use(x);\n}`)).to.deep.equal(["3: g"]);
  });
  it("near-misses: escaping, captured, reassigned, exported, in try, unbounded, conditional, loop-restarting", () => {
    const resumes3 = `c.resume(1);\n  c.resume(2);`;
    const cases = [
      `function f() {\n  const c = ${ONE_YIELD};\n  ${resumes3}\n  use(c);\n  c.resume(3);\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  ${resumes3}\n  const h = () => c.state;\n  c.resume(3);\n}`,
      `function f() {\n  let c = ${ONE_YIELD};\n  ${resumes3}\n  c = ${ONE_YIELD};\n  c.resume(3);\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  const o = { c };\n  ${resumes3}\n  c.resume(3);\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  ${resumes3}\n  return c;\n}`,
      `export const c = ${ONE_YIELD};\nc.resume(1); c.resume(2); c.resume(3);`,
      `function f() {\n  const c = ${ONE_YIELD};\n  try { c.resume(1); c.resume(2); } catch {}\n  c.resume(3);\n}`,
      `function f() {\n  const c = coroutine((x: number) => { while (x) x = yield_(x); return 0; });\n  ${resumes3}\n  c.resume(3);\n}`,
      `function f(b: boolean) {\n  const c = ${ONE_YIELD};\n  c.resume(1);\n  if (b) c.resume(2);\n  c.resume(3);\n}`,
      `function f(n: number) {\n  const c = ${ONE_YIELD};\n  for (let i = 0; i < n; i++) c.resume(i);\n  c.resume(3);\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  for (let i = 0; i < 3; i++) { if (i) break; c.resume(i); }\n}`,
      `function f() {\n  const c = coroutine.loop((x: number) => { yield_(x); return 1; });\n  ${resumes3}\n  c.resume(3);\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  c.resume(1);\n  c.throw(new Error());\n  c.resume(3);\n}`,
      `function f(b: boolean) {\n  const c = ${ONE_YIELD};\n  c.resume(1);\n  b && c.resume(2);\n  c.resume(3);\n}`,
      `function f() {\n  const g = generator(() => { for (;;) yield_(1); });\n  for (const x of g) { g.next(); break; }\n}`,
      `function f() {\n  const c = ${ONE_YIELD};\n  while (!c.done) { if (c.state === "Yield1") break; c.resume(1); }\n  c.resume(3);\n}`,
    ];
    for (const src of cases) expect(found(70001, src), src).to.deep.equal([]);
  });
});

describe("rules: 70002 the ignored first input", () => {
  it("an argument to the first resume of a body without a parameter, with a fix that removes it", () => {
    expect(found(70002, `function f() {\n  const c = coroutine(() => { yield_(1); return 2; });\n  c.resume(5);\n  c.resume(6);\n}`)).to.deep.equal(["2: 5"]);
    expect(found(70002, `function f() {\n  const g = generator(function () { yield_(1); });\n  g.next("x");\n}`)).to.deep.equal([`2: "x"`]);
    const src = `import { coroutine, yield_ } from "stackless";\nconst c = coroutine(() => { yield_(1); return 2; });\nc.resume( 5 );\n`;
    expect(fixed(70002, src)).to.equal(src.replace("c.resume( 5 )", "c.resume()"));
  });
  it("an argument to the first yield_() of a yieldAtStart body", () => {
    expect(found(70002, `export const c = coroutine.yieldAtStart(() => {\n  const a = yield_(0);\n  return yield_(a);\n});`)).to.deep.equal(["1: 0"]);
  });
  it("near-misses: a body with a parameter, a later resume, a resume in a loop or after another, an escaping instance, a maybe-first yield_", () => {
    const cases = [
      `function f() {\n  const c = coroutine((x: number) => { yield_(x); return 2; });\n  c.resume(5);\n}`,
      `function f() {\n  const c = coroutine(() => { yield_(1); return 2; });\n  c.resume();\n  c.resume(6);\n}`,
      `function f(b: boolean) {\n  const c = coroutine(() => { yield_(1); return 2; });\n  if (b) c.resume();\n  c.resume(6);\n}`,
      `function f(xs: number[]) {\n  const c = coroutine(() => { for (;;) yield_(1); });\n  for (const x of xs) c.resume(x);\n}`,
      `function f() {\n  const c = coroutine(() => { yield_(1); return 2; });\n  use(c);\n  c.resume(6);\n}`,
      `export const c = coroutine.yieldAtStart(() => {\n  for (;;) yield_(0);\n});`,
      `export const c = coroutine.yieldAtStart(() => {\n  const a = yield_();\n  return yield_(a);\n});`,
      `function f() {\n  const c = coroutine.yieldAtStart(() => { const a = yield_(); return a; });\n  c.resume(5);\n}`,
    ];
    for (const src of cases) expect(found(70002, src), src).to.deep.equal([]);
  });
});

describe("rules: 70005 a reachable end in a coroutine body", () => {
  it("spans the closing brace, with a fix inserting `return undefined;`", () => {
    expect(found(70005, `export const c = coroutine((x: number) => {\n  yield_(x);\n  if (x) return 1;\n});`)).to.deep.equal(["3: }"]);
    const src = `import { coroutine, yield_ } from "stackless";\nexport const c = coroutine((x: number) => {\n  yield_(x);\n});\n`;
    expect(fixed(70005, src)).to.equal(src.replace("  yield_(x);\n", "  yield_(x);\n  return undefined;\n"));
  });
  it("near-misses: every path returns or throws, an infinite loop, an expression body, loop and generator markers", () => {
    const cases = [
      `export const c = coroutine((x: number) => {\n  yield_(x);\n  if (x) return 1; else throw new Error();\n});`,
      `export const c = coroutine((x: number) => {\n  yield_(x);\n  switch (x) { case 1: return 1; default: return 2; }\n});`,
      `export const c = coroutine((x: number) => {\n  try { yield_(x); } finally { yield_(2); }\n  return 3;\n});`,
      `export const c = coroutine((x: number) => {\n  yield_(x);\n  try { return 1; } catch { return 2; }\n});`,
      `export const c = coroutine((x: number) => {\n  for (;;) x = yield_(x);\n});`,
      `export const c = coroutine((x: number) => {\n  yield_(x);\n  while (true) {}\n});`,
      `export const c = coroutine((x: number) => x + 1);`,
      `export const c = coroutine.loop((x: number) => {\n  yield_(x);\n});`,
      `export const g = generator(() => {\n  yield_(1);\n});`,
    ];
    for (const src of cases) expect(found(70005, src), src).to.deep.equal([]);
  });
});

describe("rules: 70006 an instance never used", () => {
  it("a bare marker call and a local never read", () => {
    expect(found(70006, `coroutine(() => 1);\nfunction f() {\n  const g = generator(() => { yield_(1); });\n}`)).to.deep.equal(["0: coroutine", "2: g"]);
  });
  it("near-misses: exported, read, void, returned, typeof", () => {
    const cases = [
      `export const c = coroutine(() => 1);`,
      `const c = coroutine(() => 1);\nc.resume();`,
      `void coroutine(() => 1);`,
      `function f() { return coroutine(() => 1); }`,
      `const c = coroutine(() => 1);\nexport type C = typeof c;`,
      `use(coroutine(() => 1));`,
    ];
    for (const src of cases) expect(found(70006, src), src).to.deep.equal([]);
  });
});
