/**
 * Hand-picked bodies, each run as a native function* and as a stackless generator(() => …):
 * outputs, exceptions and side-effect logs must match step for step.
 */
import { expect } from "chai";
import { differential, nexts, type Step } from "../support/differential";

const PRELUDE = `
export function f(x: unknown) { log.push(["f", x]); return x; }
export function g(...xs: unknown[]) { log.push(["g", ...xs]); return xs.length; }
export const o: any = { n: 1, m(x: unknown) { log.push(["m", this === o, x]); return x; }, get p() { log.push("get p"); return 7; } };
`;

const cases: { name: string; body: string; steps?: Step[] }[] = [
  { name: "statement sequence", body: `f(1); const a = Y(2); f(a); Y(a + 1); return "end";` },
  { name: "nested blocks with shadowing", body: `let x = 1; { let x = Y(10); f(x); { const x = 3; Y(x); } f(x); } return x;` },
  { name: "if/else with yields in both arms", body: `for (let i = 0; i < 3; i++) { if (Y(i)) { f("then"); Y("t"); } else { f("else"); } } return 0;`, steps: nexts(0, 1, 0, 1, 1, 0, 0, 0) },
  { name: "switch with fall-through and default", body: `for (let i = 0; i < 4; i++) { switch (Y(i)) { case 1: f("one"); case 2: f("two"); Y("in two"); break; default: f("default"); case 9: f("nine"); } } `, steps: nexts(0, 1, 0, 2, 0, 7, 9, 0, 0, 0) },
  { name: "while, do…while, for", body: `let i = 0; while (i < 2) { i += Y(i) ?? 1; } do { f(i); i--; Y(i); } while (i > 0); for (let j = 0, k = Y("init"); j < 2; j++, Y("upd")) f([j, k]); return i;` },
  { name: "for…in keeps its key list across suspensions", body: `const obj: any = { a: 1, b: 2, c: 3 }; const seen = []; for (const k in obj) { seen.push(k); if (Y(k)) delete obj.c; } return seen;`, steps: nexts(0, 1, 0, 0, 0) },
  { name: "for…of: the iterator lives across suspensions", body: `let total = 0; for (const [a, b] of [[1, 2], [3, 4]]) { total += Y(a) + b; } return total;`, steps: nexts(0, 10, 20, 0) },
  { name: "for…of over a generator closes it on break", body: `function* inner() { try { yield 1; yield 2; yield 3; } finally { log.push("inner closed"); } } for (const x of inner()) { if (x === 2) break; Y(x); } return "after";` },
  { name: "labelled break and continue at depth", body: `outer: for (let i = 0; i < 3; i++) { inner: for (let j = 0; j < 3; j++) { if (j === 1) continue outer; if (i === 2) break outer; Y([i, j]); if (Y("mid")) break inner; } } return "done";`, steps: nexts(0, 0, 0, 0, 0, 0, 0, 0) },
  { name: "native loop with break out to an exploded label", body: `L: for (let i = 0; i < 5; i++) { Y(i); for (let j = 0; j < 5; j++) { if (j === i) continue L; if (i === 3) break L; f([i, j]); } } return "x";`, steps: nexts(...Array(10).fill(0)) },
  { name: "return from inside nested loops and native code", body: `for (let i = 0; ; i++) { Y(i); for (const x of [1, 2]) { if (i === 2 && x === 2) return [i, x]; } }`, steps: nexts(...Array(6).fill(0)) },
  { name: "operands keep evaluation order (a() + yield)", body: `const r = f("a") + Y(f("b")) + f("c"); const s = [f(1), Y(2), f(3)]; return [r, s];`, steps: nexts(0, "B", "S", 0) },
  { name: "compound assignment reads before suspending", body: `let sum = 1; sum += Y(sum); sum *= Y(sum); const obj: any = { v: 2 }; obj.v += Y(obj.v); obj["v"] -= Y(1); return [sum, obj.v];`, steps: nexts(0, 2, 3, 4, 5, 0) },
  { name: "call arguments, methods keep this", body: `g(f(1), Y(2), f(3)); o.m(Y("arg")); const r = o.m(f(1), Y(0)); return r;`, steps: nexts(0, "x", "y", "z", 0) },
  { name: "object and array literals, spread", body: `const a = { x: f(1), [Y("k")]: Y("v"), ...Y({ s: 1 }) }; const b = [...Y([1, 2]), f(0), ...[3]]; return [a, b];`, steps: nexts(0, "key", "val", { t: 2 }, [9, 8], 0) },
  { name: "template literals", body: `const t = \`a\${f(1)}b\${Y("in")}c\${f(2)}\`; return t;`, steps: nexts(0, "X", 0) },
  { name: "conditional operator", body: `const a = f(true) ? Y("yes") : f("no"); const b = Y(0) ? 1 : Y("else"); return [a, b];`, steps: nexts(0, "A", 0, "B", 0) },
  { name: "&&, ||, ?? short-circuit around yields", body: `const a = f(0) && Y("never"); const b = f(1) && Y("and"); const c = f(0) || Y("or"); const d = f(null) ?? Y("nullish"); const e = f(5) ?? Y("never"); return [a, b, c, d, e];`, steps: nexts(0, "B", "C", "D", 0) },
  { name: "logical assignment", body: `let a: any = 0, b: any = 1, c: any = null; a ||= Y("a"); b &&= Y("b"); c ??= Y("c"); b ||= Y("never"); return [a, b, c];`, steps: nexts(0, 1, 2, 3, 0) },
  { name: "optional chaining skips yields on null", body: `const n: any = null; const a = n?.m(Y("never")); const b = o?.m(Y("m")); const c = n?.[Y("k")]; const d = o?.[Y("n")]; return [a, b, c, d];`, steps: nexts(0, "M", "n", 0) },
  { name: "nested yields", body: `const r = Y(Y(1) + Y(2)); return r;`, steps: nexts(0, 10, 20, 30, 0) },
  { name: "unary, typeof, void, delete, in, instanceof, comma", body: `const obj: any = { k: 1 }; const a = -Y(1); const b = typeof Y(2); const c = void Y(3); const d = delete obj[Y("k")]; const e = Y("k") in obj; const h = Y([]) instanceof Array; const i = (f(1), Y(4)); return [a, b, c, d, e, h, i, obj];`, steps: nexts(0, 5, "s", 1, "k", "k", [], 9, 0) },
  { name: "exceptions propagate out of next and finish the generator", body: `Y(1); if (Y(2)) throw new Error("boom"); return 3;`, steps: nexts(0, 0, 1, 0, 0) },
  { name: "var hoisting and closures over locals", body: `var v = 1; const fns: any[] = []; for (let i = 0; i < 2; i++) { v += Y(i); } fns.push(() => v); Y("mid"); v = 100; return fns[0]();`, steps: nexts(0, 1, 2, 3, 0) },
  { name: "function declarations in the body are hoisted", body: `const a = helper(Y(1)); function helper(x: any) { log.push(["helper", x]); return x; } return a;`, steps: nexts(0, 5, 0) },
  { name: "switch with grouped labels: label order, default among them, a trailing empty clause", body: `for (let i = 0; i < 7; i++) { switch (Y(i)) { case f(1): case f(2): f("one or two"); Y("12"); break; case 3: default: case f(4): f("3, 4 or default"); case 5: case 6: Y("to 6"); break; case f(7): case 8: } } return "end";`, steps: nexts(0, 1, 0, 2, 0, 3, 0, 4, 0, 6, 7, 8, 0, 9, 0, 0) },
  { name: "switch with grouped labels around a label that suspends", body: `for (let i = 0; i < 4; i++) { switch (Y(i)) { case f(1): case 2: case Y("label"): case 3: f("low"); break; case 4: case 5: Y("high"); } } return "end";`, steps: nexts(0, 1, 0, 5, 0, 9, 9, 0, 4, 0, 0) },
  { name: "switch evaluates its discriminant once", body: `let calls = 0; switch (++calls) { case 2: Y("two"); break; case 1: Y("one"); break; } return calls;` },
  { name: "optional call on a call result is evaluated once", body: `const r = (f(Y(1)))?.toString(); return r;`, steps: nexts(0, 5, 0) },
  { name: "closures keep their iteration's let (for, for…of, block in while)", body: `const fs: any[] = []; for (let i = 0; i < 3; i++) { fs.push(() => i); Y(i); } for (const x of [10, 20]) { fs.push(() => x); Y(x); } let k = 0; while (k < 2) { let j = k * 100; fs.push(() => j++); Y(j); k++; } return fs.map((q) => q());` },
  { name: "closures write their iteration's binding", body: `const incs: any[] = []; for (let i = 0; i < 2; i++) { incs.push(() => ++i); Y(i); } return [incs[0](), incs[0](), incs[1]()];` },
  { name: "closures and locals shared across suspensions", body: `let count = 0; const inc = () => ++count; Y(inc()); inc(); Y(count); const g2 = function () { return count * 2; }; return g2();` },
  { name: "throw() and return() at a suspension without handlers", body: `Y(1); Y(2); return 3;`, steps: [{ next: 0 }, { throw: "E" }, { next: 0 }] },
  { name: "return(v) at a suspension", body: `Y(1); Y(2); return 3;`, steps: [{ next: 0 }, { return: "R" }, { next: 0 }, { return: "again" }] },
  { name: "nested try/finally: return() inside both tries, values kept through the finallies' suspensions", body: `let s = 0; try { s += Y(1); try { s += Y(2); } finally { f("inner"); Y("inner finally"); } s += Y(3); } finally { f("outer"); Y("outer finally"); } return s;`, steps: [{ next: 0 }, { next: 1 }, { return: "R" }, { next: 0 }, { next: 0 }, { next: 0 }] },
  { name: "nested try/finally: throw() inside both tries, rethrown after the finallies' suspensions", body: `let s = 0; try { s += Y(1); try { s += Y(2); } finally { f("inner"); Y("inner finally"); } s += Y(3); } finally { f("outer"); Y("outer finally"); } return s;`, steps: [{ next: 0 }, { next: 1 }, { throw: "E" }, { next: 0 }, { next: 0 }, { next: 0 }] },
  { name: "nested try/finally: normal completion through both", body: `let s = 0; try { s += Y(1); try { s += Y(2); } finally { f("inner"); Y("inner finally"); } s += Y(3); } finally { f("outer"); Y("outer finally"); } return s;`, steps: nexts(0, 1, 2, 0, 3, 0, 0) },
  { name: "throw() before the first next", body: `f("started"); Y(1);`, steps: [{ throw: "early" }, { next: 0 }] },
];

describe("differential: native function* vs stackless generator", () => {
  for (const c of cases) {
    it(c.name, () => {
      const steps = c.steps ?? nexts(...Array(8).fill(0).map((_, i) => i));
      const r = differential(c.body, steps, PRELUDE);
      expect(r.stackless, r.output).to.deep.equal(r.native);
    });
  }
});
