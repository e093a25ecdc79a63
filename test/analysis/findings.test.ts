/**
 * Findings are collected, not thrown: every construct of a body that cannot be compiled gets its
 * own 70007 with its own span; and the wrappers around a body never change what it is.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile } from "../../analysis/analyze";
import { transformSource } from "../../transformer";
import { load, IMPORTS } from "../support/load";

/** analyzeFile's findings for each site of a module (nothing compiled): the code, the text spanned, the construct. */
function analyzed(src: string): { compilable: boolean; found: [number, string, string | undefined][] }[] {
  const text = IMPORTS + src;
  const file = ts.createSourceFile("findings.ts", text, ts.ScriptTarget.ES2022, true);
  return analyzeFile(ts, file).sites.map((s) => ({
    compilable: s.compilable,
    found: s.findings.map((f) => [f.code, text.slice(f.node.getStart(file), f.node.end), (f.data as { construct?: string } | undefined)?.construct]),
  }));
}

/** The stackless diagnostics of a module in source order, with the text each spans (compiled only: not run). */
function codes(src: string): { code: number; text: string; message: string }[] {
  const r = transformSource(IMPORTS + src);
  return r.diagnostics
    .filter((d) => d.code >= 70000)
    .sort((a, b) => a.start! - b.start!)
    .map((d) => ({ code: d.code, text: (IMPORTS + src).slice(d.start!, d.start! + d.length!), message: String(d.messageText) }));
}

describe("analysis: findings are collected, one per construct", () => {
  it("a body with three unsupported constructs gets three 70007s, each spanning its construct", () => {
    const found = codes(`const dec = (c: any) => c;
    export const make = () => coroutine(() => {
      enum E { A }
      @dec class C {}
      for await (const x of []) { yield_(x); }
      yield_(2);
    });`);
    expect(found.map((f) => f.code)).to.deep.equal([70007, 70007, 70007]);
    expect(found[0].text).to.match(/^enum E/);
    expect(found[0].message).to.contain("enum");
    expect(found[1].text).to.match(/^@dec class C/);
    expect(found[1].message).to.contain("decorated class");
    expect(found[2].text).to.match(/^for await/);
    expect(found[2].message).to.contain("await");
  });

  it("constructs met by the rewrite (after lowering) are collected too", () => {
    const found = codes(`export class K { #x = 1; m() { return coroutine(() => { eval("1"); yield_(this.#x); eval("2"); return 0; }); } }
      export const make = () => new K().m();`);
    expect(found.map((f) => f.code)).to.deep.equal([70007, 70007, 70007]);
    expect(found.map((f) => f.text)).to.deep.equal([`eval("1")`, "#x", `eval("2")`]);
  });

  it("analyzeFile reports the constructs the move into a class cannot keep, one finding each, without compiling", () => {
    const [site] = analyzed(`class B { x = 0; }
      export class K extends B { #p = 1; m() { return coroutine(() => { eval("1"); super.x = 1; yield_(this.#p); }); } }`);
    expect(site.compilable).to.equal(false);
    expect(site.found).to.deep.equal([
      [70007, `eval("1")`, "a direct eval (it would see the generated class's scope)"],
      [70007, "super.x = 1", "an assignment to a `super` property in a body"],
      [70007, "#p", "the private name #p of an enclosing class (the body moves into a class of its own)"],
    ]);
  });

  it("analyzeFile reports a declaration that captures a per-iteration binding, and a bare super in a function-expression body", () => {
    const [loop] = analyzed(`export const c = coroutine((log: any) => { for (let i = 0; i < 3; i++) { yield_(i); { function f() { return i; } log(f); } } });`);
    expect(loop.found).to.deep.equal([[70007, "function f() { return i; }", "a function or class declaration in native code that captures a per-iteration binding"]]);
    const [bare] = analyzed(`export const c = coroutine(function () { super.x; yield_(1); });`);
    expect(bare.found).to.deep.equal([[70007, "super", "this use of `super` in a body (only super.x reads and super.m() calls are supported)"]]);
  });

  it("a body with constructs of the lowering and of the move gets both, the lowering's first (the one the refused call names)", () => {
    const [site] = analyzed(`export const c = coroutine(() => { eval("1"); enum E { A } yield_(E.A); });`);
    expect(site.found.map(([code, text]) => [code, text])).to.deep.equal([
      [70007, "enum E { A }"],
      [70007, `eval("1")`],
    ]);
  });

  it("a nested body the compiler compiles is not code of the enclosing one; one it refuses is", () => {
    const sites = analyzed(`export const c = coroutine(() => { const inner = generator(() => { yield_(1); }); yield_(inner); });`);
    expect(sites.map((s) => s.compilable)).to.deep.equal([true, true]);
    const refused = analyzed(`export const c = coroutine(() => { const inner = generator(() => { eval("x"); yield_(1); }); yield_(inner); });`);
    expect(refused.map((s) => s.found.map(([, text]) => text))).to.deep.equal([[`eval("x")`], [`eval("x")`]]);
  });

  it("the marker call of a body with findings becomes one that throws NOT_TRANSFORMED at run time", () => {
    const r = load(IMPORTS + `const dec = (c: any) => c; export const make = () => coroutine(() => { enum E { A } @dec class C {} yield_(E.A); });`, { allowErrors: true });
    expect(r.diagnostics.filter((d) => d.code === 70007)).to.have.length(2);
    expect(() => r.exports.make().resume()).to.throw().with.property("code", "NOT_TRANSFORMED");
  });
});

describe("analysis: the wrappers around a body are skipped alike everywhere", () => {
  const wrapped: [string, string][] = [
    ["parentheses", `coroutine(((() => { yield_(1); return 2; })))`],
    ["as any", `coroutine((() => { yield_(1); return 2; }) as any)`],
    ["a non-null assertion", `coroutine((() => { yield_(1); return 2; })!)`],
    ["a type assertion", `coroutine(<any>(() => { yield_(1); return 2; }))`],
    ["satisfies", `coroutine((() => { yield_(1); return 2; }) satisfies () => number)`],
  ];
  for (const [name, call] of wrapped) {
    it(`a body in ${name} compiles, without 70003 or 70007`, () => {
      const r = load(IMPORTS + `const dec = (c: any) => c; export const make = () => ${call};`, { allowErrors: true });
      expect(r.diagnostics.filter((d) => d.code >= 70000).map((d) => d.code)).to.deep.equal([]);
      const inst = r.exports.make();
      expect(inst.resume()).to.equal(1);
      expect(inst.resume()).to.equal(2);
    });
  }
});
