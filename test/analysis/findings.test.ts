/**
 * Findings are collected, not thrown: every construct of a body that cannot be compiled gets its
 * own 70007 with its own span; and the wrappers around a body never change what it is.
 */
import { expect } from "chai";
import { transformSource } from "../../transformer";
import { load, IMPORTS } from "../support/load";

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
