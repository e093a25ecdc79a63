/**
 * Suspensions in the remaining expression positions of issue 3: destructuring defaults and
 * computed keys, class computed keys and extends, tagged templates, this/arguments/super.
 */
import { expect } from "chai";
import { differential, nexts, type Step } from "../support/differential";
import { load, IMPORTS } from "../support/load";

const PRELUDE = `
export function f(x: unknown) { log.push(["f", x]); return x; }
export function tag(this: unknown, strings: TemplateStringsArray, ...values: unknown[]) { log.push(["tag", this === tagHost, [...strings], values]); return values.length; }
export const tagHost = { tag };
export function* gen3() { try { yield "a"; yield "b"; yield "c"; } finally { log.push("gen3 closed"); } }
/** An iterable over values whose iterator logs next, each read of return and each call; its return() may throw or answer a primitive. */
export function logged(values: unknown[], onReturn: "object" | "throws" | "primitive" = "object") {
  let i = 0;
  const it: any = { next() { log.push("next"); return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true }; } };
  Object.defineProperty(it, "return", {
    get() {
      log.push("get return");
      return () => { log.push("return called"); if (onReturn === "throws") throw new Error("from return"); return onReturn === "primitive" ? 1 : {}; };
    },
  });
  return { [Symbol.iterator]() { return it; } };
}
`;

const cases: { name: string; body: string; steps?: unknown[] }[] = [
  { name: "object pattern with yields in defaults and computed keys", body: `const { a = Y("da"), [Y("key")]: b, c = Y("dc"), ...rest } = f({ a: undefined, k: 2, c: 3, z: 9 }) as any; return [a, b, c, rest];`, steps: [0, "A", "k", 0, 0] },
  { name: "array pattern with yields in defaults, holes and rest", body: `const [x = Y("dx"), , y = Y("dy"), ...zs] = [undefined, 1, 2, 3, 4] as any; return [x, y, zs];`, steps: [0, "X", 0, 0] },
  { name: "array pattern stops its iterator early and closes it", body: `const [p = Y("d")] = gen3(); Y(p); return p;`, steps: [0, 0, 0] },
  { name: "for…of head pattern with a yield_ in its default (found by the fuzzer, seed 2102)", body: `const out: any[] = []; for (let { r: c = Y(5) } of [0, { r: 1 }] as any[]) out.push(c); return out;`, steps: [0, "C", 0] },
  { name: "a boxed binding assigned right after a resume stays in its environment (found by the fuzzer, seed 1256)", body: `const fns: any[] = []; for (let i = 0; i < 2; i++) { let s = Y(i); fns.push(() => (s &&= 4)); } return fns.map((q) => q());`, steps: [0, 1, 0, 0] },
  { name: "while/do loops box per-iteration bindings captured even by unreachable closures (fuzzer seeds 400256, 100529)", body: `const fns: any[] = []; let w = 0; while (w++ < 2) { let a = Y(w); continue; fns.push(() => a); } do { let b = 0; fns.push(() => b); b += Y("b"); } while (w++ < 4); return fns.map((q) => q());`, steps: [0, 1, 2, 3, 4, 5, 6] },
  { name: "for…in over a string", body: `const ks: string[] = []; for (const k in "ab" as any) { ks.push(k); Y(k); } return ks;` },
  { name: "nested patterns", body: `const { o: { deep = Y("deep") }, arr: [first = Y("first")] } = { o: {}, arr: [] } as any; return [deep, first];`, steps: [0, "D", "F", 0] },
  { name: "destructuring assignment to members and names", body: `const o: any = {}; let n: any; ({ a: o.x = Y("ox"), b: n = Y("n") } = { b: 5 } as any); [o.y = Y("oy"), n] = [undefined, Y("second")] as any; return [o, n];`, steps: [0, 1, "S", 2, 0] },
  { name: "destructuring null throws TypeError", body: `const src: any = Y(null); const { a = Y("never") } = src; return a;`, steps: [0, null, 0] },
  { name: "class with computed keys and extends that suspend", body: `class Base { base() { return "b"; } } const C = class extends (Y("base"), Base) { [Y("m")]() { return "m"; } static [Y("s")] = 1; }; const c: any = new C(); return [Object.getOwnPropertyNames(C.prototype), c.base(), (C as any).s];`, steps: [0, null, "meth", "s", 0] },
  { name: "tagged templates, with a member tag keeping its receiver", body: `const a = tag\`x\${f(1)}y\${Y("v")}z\`; const b = tagHost.tag\`p\${Y("w")}q\`; return [a, b];`, steps: [0, "V", "W", 0] },
];

describe("differential: destructuring, classes and templates that suspend", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = differential(c.body, nexts(...(c.steps ?? [0, 0, 0, 0, 0])), PRELUDE);
      expect(r.stackless, r.output).to.deep.equal(r.native);
    });
  }
});

/** An array pattern left abruptly closes its iterator unless it finished (IteratorClose), as a function* does. */
const closeCases: { name: string; body: string; steps: Step[] }[] = [
  { name: "throw() at a default reads and calls return (fuzzer seed 655553209)", body: `let [a = Y("d")] = logged([undefined, 2]) as any; return a;`, steps: [{ next: 0 }, { throw: "E" }] },
  { name: "throw() at a default: what return() throws is ignored", body: `let [a = Y("d")] = logged([undefined], "throws") as any; return a;`, steps: [{ next: 0 }, { throw: "E" }] },
  { name: "return() at a default closes the iterator", body: `let [a = Y("d"), b] = logged([undefined, 2]) as any; return [a, b];`, steps: [{ next: 0 }, { return: 5 }] },
  { name: "return() at a default: what return() throws wins", body: `let [a = Y("d")] = logged([undefined], "throws") as any; return a;`, steps: [{ next: 0 }, { return: 5 }] },
  { name: "return() at a default: a primitive from return() is a TypeError", body: `let [a = Y("d")] = logged([undefined], "primitive") as any; return a;`, steps: [{ next: 0 }, { return: 5 }] },
  { name: "an exhausted iterator is not closed", body: `let [a, b = Y("d")] = logged([1]) as any; return [a, b];`, steps: [{ next: 0 }, { throw: "E" }] },
  { name: "an exception from a default after a resume closes the iterator", body: `const [a = Y("d"), b = (() => { throw new Error("in default"); })()] = logged([undefined, undefined, 3]) as any; return [a, b];`, steps: [{ next: 0 }, { next: 1 }] },
  { name: "a nested pattern closes inner then outer iterator", body: `const [[a = Y("d")]] = logged([logged([undefined])]) as any; return a;`, steps: [{ next: 0 }, { throw: "E" }] },
  { name: "return() in a for…of head pattern closes the pattern's iterator, then the loop's, then runs finally", body: `try { for (const [a = Y("d")] of logged([logged([undefined])]) as any) log.push(a); } finally { log.push("finally"); } return 0;`, steps: [{ next: 0 }, { return: 7 }] },
  { name: "return() in a for…of head object pattern closes the loop's iterator", body: `for (const { a = Y("d") } of logged([{}]) as any) log.push(a); return 0;`, steps: [{ next: 0 }, { return: 7 }] },
  { name: "an assignment pattern whose member target throws closes the iterator", body: `const o: any = {}; [o.a = Y("d"), (null as any).b] = logged([undefined, 2]) as any; return o;`, steps: [{ next: 0 }, { next: 1 }] },
];

describe("differential: an array pattern left abruptly closes its iterator", () => {
  for (const c of closeCases) {
    it(c.name, () => {
      const r = differential(c.body, c.steps, PRELUDE);
      expect(r.stackless, r.output).to.deep.equal(r.native);
    });
  }
});

describe("this, arguments, new.target and super in bodies", () => {
  it("an arrow body inside a method sees the method's this, arguments and super", () => {
    const m = load(
      IMPORTS +
        `class Base { greet(x: string) { return "base " + x + " " + (this as any).name; } get kind() { return "basekind"; } }
         export class Derived extends Base {
           name = "D";
           make(..._rest: unknown[]) {
             return generator(() => { const a = super.greet(yield_("in")); const k = super.kind; return [a, k, arguments.length, this.name]; });
           }
         }`,
    ).exports;
    const g = new m.Derived().make(1, 2, 3);
    expect(g.next().value).to.equal("in");
    expect(g.next("X").value).to.deep.equal(["base X D", "basekind", 3, "D"]);
  });

  it("arguments of a function-expression body survives suspensions", () => {
    const m = load(IMPORTS + `export const make = () => generator(function (x: number) { yield_(0); return [arguments.length, arguments[0]]; });`).exports;
    const g = m.make();
    g.next(7);
    expect(g.next().value).to.deep.equal([1, 7]);
  });

  it("an arrow body sees the enclosing new.target", () => {
    const m = load(IMPORTS + `export function Ctor(this: any) { const nt = new.target; this.c = coroutine(() => { yield_(new.target === nt && nt !== undefined); }); }`).exports;
    expect(new m.Ctor().c.resume()).to.equal(true);
  });

  it("a function-expression body: this and new.target are undefined, arguments is [first input] or []", () => {
    const m = load(
      IMPORTS +
        `export const withParam = () => generator(function (x: number) { yield_([arguments.length, arguments[0], this, new.target]); });
         export const without = () => generator(function () { yield_(arguments.length); });`,
    ).exports;
    expect(m.withParam().next(5).value).to.deep.equal([1, 5, undefined, undefined]);
    expect(m.without().next(5).value).to.equal(0);
  });
});
