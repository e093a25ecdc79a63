/**
 * The type-aware rules through checkFile with a real program's checker: 70004 (a `yield_` operand
 * or `return` the declared output does not accept, a `yield_<T>` the input does not satisfy) and
 * 70009 (a used `yield_()` typed `any`), their fixes applied and re-checked, and silence on
 * correctly typed bodies (the docs' own examples among them) and without a checker.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { applyEdits, checkTyped, type Checked } from "../support/checked";
import { extractBlocks, isTypeScript } from "../docs/blocks";

const IMPORTS = `import { coroutine, generator, future, yield_, Poll, type Coroutine, type StacklessGenerator } from "stackless";\n`;

/** The findings of one code, as the text each spans. */
function spans(r: Checked, code: number): string[] {
  return r.findings.filter((f) => f.code === code).map((f) => r.text.slice(f.node.getStart(r.file), f.node.getEnd()));
}

function messages(r: Checked, code: number): string[] {
  return r.findings.filter((f) => f.code === code).map((f) => f.message);
}

/** The text after the first fix of the first finding of `code`. */
function fixed(r: Checked, code: number): string {
  const fix = r.findings.find((f) => f.code === code)?.fixes?.[0];
  expect(fix, `a fix for ${code}`).to.not.equal(undefined);
  return applyEdits(r.text, fix!.edits);
}

describe("rule 70004: yield_ operands and returns against the declared types", () => {
  it("an operand against the output inferred from the returns (the issue's example), with the fix that writes both type arguments", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine((x: number) => { yield_("a"); return x; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal([`"a"`]);
    expect(messages(r, 70004)[0]).to.equal(
      `yield_ outputs '"a"', which is not assignable to the output type 'number' of this coroutine() (inferred from its return statements)`,
    );
    const after = fixed(r, 70004);
    expect(after).to.contain(`coroutine<number, string | number>((x: number) =>`);
    const again = checkTyped(after);
    expect(again.typeErrors).to.deep.equal([]);
    expect(spans(again, 70004)).to.deep.equal([]);
  });

  it("an operand against type arguments: the fix writes over them", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine<number, number>((x) => { yield_(String(x)); return x; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal([`String(x)`]);
    expect(messages(r, 70004)[0]).to.contain("(declared by its type arguments)");
    const after = fixed(r, 70004);
    expect(after).to.contain(`coroutine<number, string | number>((x) =>`);
    expect(checkTyped(after).findings.map((f) => f.code)).to.deep.equal([]);
  });

  it("an operand against the body's return type annotation", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine((first: number): number => { let s = first; for (;;) s += yield_<number>(s > 9 ? "big" : s); });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal([`s > 9 ? "big" : s`]);
    expect(messages(r, 70004)[0]).to.contain(`'number | "big"'`).and.to.contain("output type 'number'").and.to.contain("(declared by the body's annotation)");
  });

  it("operands and returns against the type the call is assigned to", () => {
    const r = checkTyped(IMPORTS + `export const c: Coroutine<number, number> = coroutine((x) => { yield_(true); return x; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal(["true"]);
    expect(messages(r, 70004)[0]).to.contain("(declared by the type it is assigned to)");
  });

  it("yield_() outputs undefined, which a number output does not accept", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine<number, number>((x) => { const y = yield_<number>(); return x + y; });`);
    expect(spans(r, 70004)).to.deep.equal(["yield_<number>()"]);
    expect(messages(r, 70004)[0]).to.contain(`outputs 'undefined'`);
  });

  it("a generator's operands against Y, with the fix that writes Y and R", () => {
    const r = checkTyped(IMPORTS + `export const g = generator<number, string>(() => { yield_(1); yield_("two"); return "r"; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal([`"two"`]);
    expect(messages(r, 70004)[0]).to.contain("yielded type 'number' of this generator()");
    const after = fixed(r, 70004);
    expect(after).to.contain(`generator<number | string, string>(() =>`);
    expect(checkTyped(after).findings.map((f) => f.code)).to.deep.equal([]);
  });

  it("a generator's returns against the R of the type it is assigned to", () => {
    const r = checkTyped(IMPORTS + `export const g: StacklessGenerator<number, unknown> = generator(() => { yield_(1); return "r"; });`);
    expect(spans(r, 70004)).to.deep.equal([]);
    const s = checkTyped(IMPORTS + `export const g: StacklessGenerator<number, number> = generator(() => { yield_("one"); return 1; });`);
    expect(s.typeErrors).to.deep.equal([]);
    expect(spans(s, 70004)).to.deep.equal([`"one"`]);
  });

  it("a yield_<T> whose T does not accept the declared input", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine((x: number) => { const s = yield_<string>(x); return s.length; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal(["string"]);
    expect(messages(r, 70004)[0]).to.equal(
      `yield_ evaluates to the next input, typed 'string' here, but this coroutine()'s input type 'number' (declared by the body's annotation) is not assignable to it`,
    );
    // What TypeScript infers from around the call counts too: here a string, for a number input.
    const inferred = checkTyped(IMPORTS + `export const c = coroutine<number, number>((x) => { const s: string = yield_(x); return s.length; });`);
    expect(spans(inferred, 70004)).to.deep.equal([`yield_(x)`]);
  });

  it("a future's yield_ operand against Poll<T>", () => {
    const r = checkTyped(IMPORTS + `export const f = future(() => { yield_(Poll.pending); yield_("soon"); return 1; });`);
    expect(r.typeErrors).to.deep.equal([]);
    expect(spans(r, 70004)).to.deep.equal([`"soon"`]);
  });

  it("the same findings with TypeScript 5.9 and 5.5", () => {
    for (const pkg of ["typescript5", "typescript55"]) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts: typeof TS = require(pkg);
      const r = checkTyped(IMPORTS + `export const c = coroutine((x: number) => { yield_("a"); const s = yield_<string>(x); return x + s.length; });`, { ts });
      expect(r.typeErrors, pkg).to.deep.equal([]);
      expect(spans(r, 70004), pkg).to.deep.equal([`"a"`, "string"]);
      expect(fixed(r, 70004), pkg).to.contain("coroutine<number, string | number>(");
    }
  });
});

describe("rules 70004 and 70009 stay silent on correctly typed bodies", () => {
  const correct: [string, string][] = [
    ["the README's summer", `export const summer = coroutine((first: number): number => { let sum = first; for (;;) { Add: sum += yield_<number>(sum); } });`],
    ["a parameterless body", `export const greeter = coroutine(() => { const name = yield_<string>("name?"); return "hello " + name; });`],
    ["type arguments", `export const lengths = coroutine<string, number>((word) => { for (;;) word = yield_<string>(word.length); });`],
    ["an assigned type", `export const c: Coroutine<number, number | string> = coroutine((x) => { yield_("a"); return x; });`],
    ["a generator without type arguments", `export const g = generator(() => { yield_(1); yield_("two"); });`],
    ["a generator with them", `export const g = generator<string, number>(() => { let n = 0; for (const c of "abc") { yield_(c); n++; } return n; });`],
    ["yieldAtStart", `export const s = coroutine.yieldAtStart<number, number>(() => { let sum = yield_<number>(); for (;;) sum += yield_<number>(sum); });`],
    ["unified", `export const u = coroutine.unified((a: number) => { yield_(a); yield_(a * 2); return a; });`],
    ["a future", `export const f = future((cx) => { yield_(Poll.pending); cx.waker.wake(); return 1; });`],
    ["an inferred yield_ type", `export const c = coroutine((x: number) => { const n: number = yield_(x); return n; });`],
    ["a discarded untyped yield_", `export const g = generator(() => { yield_(1); void yield_(2); for (;; yield_(3)) break; });`],
    ["a nested function's own return", `export const c = coroutine<number, number>((x) => { const f = () => "s"; yield_(f().length); return x; });`],
  ];
  for (const [name, src] of correct) {
    it(name, () => {
      const r = checkTyped(IMPORTS + src);
      expect(r.typeErrors).to.deep.equal([]);
      expect(r.findings.filter((f) => f.code === 70004 || f.code === 70009).map((f) => f.message)).to.deep.equal([]);
    });
  }

  it("no checker, no findings of either", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine((x: number) => { yield_("a"); let y = 0; y += yield_(x); return x + y; });`, { checker: false });
    expect(r.findings.filter((f) => f.code === 70004 || f.code === 70009)).to.deep.equal([]);
  });

  it("every ts block of README.md and docs/*.md that must pass gets neither (but where a comment names the code)", function () {
    this.timeout(120_000);
    const root = path.resolve(__dirname, "../../..");
    const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
    const blocks = pages.flatMap((p) => extractBlocks(fs.readFileSync(path.join(root, p), "utf8"), p)).filter((b) => isTypeScript(b) && !b.fails);
    expect(blocks.length).to.be.greaterThan(30);
    // A block that shows a warning on purpose names its code in a comment on that line (`// 70009`).
    const announced = (r: Checked, f: { code: number; node: TS.Node }) => {
      const line = r.file.getLineAndCharacterOfPosition(f.node.getStart(r.file)).line;
      return r.text.split("\n")[line].includes(`// ${f.code}`);
    };
    const found = blocks.flatMap((b) => {
      const r = checkTyped(b.code, { compilerOptions: { lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"] } });
      return r.findings.filter((f) => (f.code === 70004 || f.code === 70009) && !announced(r, f)).map((f) => `${b.file}:${b.line}: ${f.code} ${f.message}`);
    });
    expect(found).to.deep.equal([]);
  });
});

describe("rule 70009: a used yield_() typed any", () => {
  it("sum += yield_(sum) gets the warning, and the fix writes the input type", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine((first: number): number => { let sum = first; for (;;) sum += yield_(sum); });`);
    expect(r.typeErrors).to.deep.equal([]);
    const found = r.findings.filter((f) => f.code === 70009);
    expect(found.map((f) => f.severity)).to.deep.equal(["warning"]);
    expect(spans(r, 70009)).to.deep.equal(["yield_"]);
    const after = fixed(r, 70009);
    expect(after).to.contain("sum += yield_<number>(sum)");
    const again = checkTyped(after);
    expect(again.typeErrors).to.deep.equal([]);
    expect(again.findings.map((f) => f.code)).to.deep.equal([]);
  });

  it("a parameterless body's input is unknown; a unified body's yield_ is undefined", () => {
    const r = checkTyped(IMPORTS + `export const c = coroutine(() => { const x = yield_(); return String(x); });`);
    expect(fixed(r, 70009)).to.contain("const x = yield_<unknown>()");
    const u = checkTyped(IMPORTS + `export const u = coroutine.unified((a: number) => { const v = yield_(a); return v; });`);
    expect(fixed(u, 70009)).to.contain("const v = yield_<undefined>(a)");
  });
});
