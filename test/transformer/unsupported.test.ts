/**
 * What the transformer cannot compile: diagnostic 70007 naming the construct, the marker call
 * replaced by one that throws NOT_TRANSFORMED with that refusal when it runs. Plus nesting, which it can.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { transformer } from "../../transformer/index";
import { load, IMPORTS } from "../support/load";

function compileError(src: string): { messages: string[]; run: () => unknown } {
  const r = load(IMPORTS + src, { allowErrors: true });
  return { messages: r.diagnostics.filter((d) => d.code === 70007).map((d) => String(d.messageText)), run: () => r.exports.make() };
}

const unsupported: [string, string, string][] = [
  ["a direct eval", `export const make = () => coroutine(() => { eval("1"); yield_(1); });`, "direct eval"],
  ["a private name of the enclosing class", `export class K { #x = 1; m() { return coroutine(() => { yield_(this.#x); }); } } export const make = () => new K().m();`, "private name #x"],
  ["a suspension in a computed method name of an object literal", `export const make = () => coroutine(() => { const o = { [yield_(1)]() { return 1; } }; });`, "computed method name"],
  ["a suspension in a parameter default", `export const make = () => coroutine((x = yield_(1)) => { yield_(x); });`, "parameter default"],
  ["a suspension in a catch binding default", `export const make = () => coroutine(() => { try { } catch ({ a = yield_(1) }: any) { } });`, "catch binding"],
  ["a body with two parameters", `export const make = () => coroutine((a: number, b: number) => { yield_(a + b); });`, "more than one parameter"],
  ["an async body", `export const make = () => coroutine(async (x: number) => { yield_(1); return x; });`, "async body"],
  ["an enum declared in a body", `export const make = () => coroutine(() => { enum E { A } yield_(E.A); return E.A; });`, "enum"],
  ["super assignment", `class B {} export class D extends B { m() { return coroutine(() => { super.x = yield_(1); }); } } export const make = () => new D().m();`, "super"],
];

describe("unsupported constructs: 70007, and NOT_TRANSFORMED at run time", () => {
  for (const [name, src, words] of unsupported) {
    it(name, () => {
      const r = compileError(src);
      expect(r.messages.length, "one 70007").to.equal(1);
      expect(r.messages[0]).to.contain(words);
      expect(r.messages[0]).to.contain("NOT_TRANSFORMED");
      let caught: { code?: string; message?: string } | undefined;
      try {
        const inst = r.run() as { resume(x?: unknown): unknown };
        inst.resume(0);
      } catch (e) {
        caught = e as { code?: string; message?: string };
      }
      expect(caught?.code).to.equal("NOT_TRANSFORMED");
      // The emitted call records the refusal: the run-time message is the build's, not "no transformer ran".
      expect(caught?.message).to.match(/^coroutine\(\) was not compiled: the stackless transformer refused this body with error 70007 at test\.ts:\d+:\d+ \(/);
      expect(caught?.message).to.contain(words);
    });
  }

  it("a refused call still evaluates its argument, and a body nested in it is still compiled", () => {
    const r = load(
      IMPORTS +
        `export const log: string[] = [];
        const body = (note: string) => (log.push(note), () => 1);
        export const plain = () => coroutine(body("evaluated") as any);
        export let inner: unknown;
        export const outer = () => coroutine(async () => { inner = coroutine(() => { yield_(1); }); });`,
      { fileName: "nested.ts", allowErrors: true },
    );
    expect(r.diagnostics.filter((d) => d.code === 70007)).to.have.length(2);
    expect(() => r.exports.plain()).to.throw(/^coroutine\(\) was not compiled: .* error 70007 at nested\.ts:4:\d+ \(coroutine\(\) takes exactly one argument/);
    expect(r.exports.log).to.deep.equal(["evaluated"]);
    expect(() => r.exports.outer()).to.throw(/refused this body with error 70007 at nested\.ts:6:\d+ \(an async body/);
    expect(r.output).to.contain("class InnerCoroutine");
  });
});

describe("nesting", () => {
  it("a coroutine created inside another coroutine's body, capturing its locals", () => {
    const m = load(
      IMPORTS +
        `export const make = () => generator(() => {
          let scale = yield_<number>("scale?");
          const inner = coroutine((x: number) => { for (;;) x = yield_<number>(x * scale); });
          inner.resume(0);
          scale = 10;
          return [inner.resume(2), inner.resume(3)];
        });`,
    ).exports;
    const g = m.make();
    expect(g.next().value).to.equal("scale?");
    expect(g.next(3).value).to.deep.equal([20, 30]);
  });

  it("coroutines created in a loop are independent, many instances of one site side by side", () => {
    const m = load(
      IMPORTS +
        `export const make = () => generator(() => {
          const all = [];
          for (let i = 1; i <= 3; i++) all.push(coroutine((x: number) => { let n = x * i; for (;;) n += yield_<number>(n); }));
          const firsts = all.map((c) => c.resume(1));
          yield_(firsts);
          return all.map((c) => c.resume(100));
        });`,
    ).exports;
    const g = m.make();
    expect(g.next().value).to.deep.equal([1, 2, 3]);
    expect(g.next().value).to.deep.equal([101, 102, 103]);
  });

  it("a generator delegating to another stackless generator with yield_.from", () => {
    const m = load(
      IMPORTS +
        `const inner = () => generator(() => { const a = yield_<number>(1); yield_(a * 2); return "inner"; });
         export const make = () => generator(() => { const r = yield_.from(inner()); yield_(r); });`,
    ).exports;
    const g = m.make();
    expect([g.next().value, g.next(21).value, g.next().value, g.next().done]).to.deep.equal([1, 42, "inner", true]);
  });
});

describe("a file parsed without parent nodes", () => {
  it("is compiled by ts.transform as well (compilers bind before they emit; a bare transform does not)", () => {
    const source = ts.createSourceFile("bare.ts", `${IMPORTS}\nexport const make = () => coroutine((x: number) => { let s = x; for (;;) s += yield_(s); });`, ts.ScriptTarget.ES2022, false);
    expect(source.statements[0].parent).to.equal(undefined);
    const diagnostics: ts.Diagnostic[] = [];
    const result = ts.transform(source, [transformer(undefined, { ts, onDiagnostic: (d) => diagnostics.push(d) })]);
    const text = ts.createPrinter().printFile(result.transformed[0]);
    expect(diagnostics.map((d) => d.messageText)).to.deep.equal([]);
    expect(text).to.include("class MakeCoroutine extends __stackless.CoroutineMachine");
  });
});
