/**
 * try/catch/finally, throw() and return() at suspension points, for…of closing, using: each
 * body run as native function* and as stackless generator, traces compared.
 */
import { expect } from "chai";
import { differential, nexts, type Step } from "../support/differential";

const PRELUDE = `
export function f(x: unknown) { log.push(["f", x]); return x; }
export function boom(msg: string): never { log.push(["boom", msg]); throw new Error(msg); }
export function* counting(n: number) { try { for (let i = 0; i < n; i++) yield i; } finally { log.push("counting closed"); } }
export function res(name: string) { return { [Symbol.dispose]() { log.push(["dispose", name]); } }; }
export function closeThrows() { let i = 0; return { [Symbol.iterator]() { return this; }, next() { return { value: i++, done: false }; }, return() { log.push("return called"); throw new Error("close failed"); } }; }
/** A resource whose [Symbol.dispose] is a getter that logs each read; the method logs whether it was called on the resource. */
export function selfRes(name: string) { const r: any = { get [Symbol.dispose]() { log.push(["read dispose", name]); return function (this: unknown) { log.push(["dispose", name, this === r]); }; } }; return r; }
export function badRes(name: string) { return { [Symbol.dispose]() { log.push(["dispose", name]); throw new Error("dispose " + name); } }; }
`;

const N = (k: number) => nexts(...Array(k).fill(0).map((_, i) => i));

const cases: { name: string; body: string; steps?: Step[] }[] = [
  { name: "yield inside try, exception caught", body: `try { Y(1); boom("x"); Y(2); } catch (e: any) { f(e.message); Y(3); } return "end";` },
  { name: "yield inside catch and finally", body: `try { boom("a"); } catch (e: any) { Y(e.message); } finally { Y("fin"); f("fin done"); } return 1;` },
  { name: "nested try at depth", body: `try { try { Y(1); boom("inner"); } finally { Y("inner fin"); } } catch (e: any) { Y("outer caught " + e.message); } finally { f("outer fin"); } return 2;` },
  { name: "return through finally (finally yields)", body: `try { Y(1); return "from try"; } finally { Y("in finally"); f("after"); }` },
  { name: "return inside finally overrides", body: `try { Y(1); return "try"; } finally { Y(2); return "finally"; }` },
  { name: "break and continue through finally", body: `for (let i = 0; i < 4; i++) { try { if (i === 1) continue; if (i === 3) break; Y(i); } finally { f(["fin", i]); Y("f" + i); } } return "out";`, steps: N(12) },
  { name: "labelled break through two finally blocks", body: `outer: for (;;) { try { for (;;) { try { Y(1); break outer; } finally { Y("a"); } } } finally { Y("b"); } } return "x";` },
  { name: "exception escapes after finally runs", body: `try { Y(1); boom("escape"); } finally { Y("fin"); }` },
  { name: "throw() at a suspension inside try is catchable", body: `try { Y(1); Y(2); } catch (e) { f(["caught", e]); Y("after catch"); } return 3;`, steps: [{ next: 0 }, { throw: "T" }, { next: 0 }, { next: 0 }] },
  { name: "throw() inside try/finally runs finally then propagates", body: `try { Y(1); } finally { f("fin"); }`, steps: [{ next: 0 }, { throw: "T" }, { next: 0 }] },
  { name: "throw() while suspended in a finally that yields", body: `try { Y(1); } finally { try { Y("fin"); } catch (e) { f(["in fin caught", e]); } }`, steps: [{ next: 0 }, { return: "R" }, { throw: "T2" }, { next: 0 }] },
  { name: "return() runs pending finally blocks, inner first", body: `try { try { Y(1); } finally { f("inner"); } } finally { f("outer"); }`, steps: [{ next: 0 }, { return: "R" }, { next: 0 }] },
  { name: "return() with a finally that yields behaves like Generator.prototype.return", body: `try { Y(1); } finally { Y("cleanup"); f("cleanup done"); }`, steps: [{ next: 0 }, { return: "R" }, { next: "x" }, { next: 0 }] },
  { name: "return() at a suspension in catch", body: `try { boom("e"); } catch { Y("in catch"); } finally { f("fin"); }`, steps: [{ next: 0 }, { return: 5 }] },
  { name: "for…of closes the iterator on exceptions from the body", body: `for (const x of counting(5)) { Y(x); if (x === 1) boom("in loop"); }` },
  { name: "for…of closes the iterator on return()", body: `for (const x of counting(5)) { Y(x); }`, steps: [{ next: 0 }, { next: 0 }, { return: "R" }, { next: 0 }] },
  { name: "for…of: throw() inside the loop closes the iterator", body: `for (const x of counting(5)) { Y(x); }`, steps: [{ next: 0 }, { throw: "T" }, { next: 0 }] },
  { name: "for…of with return inside try/finally", body: `for (const x of counting(5)) { try { if (Y(x)) return x; } finally { f(["fin", x]); } }`, steps: nexts(0, 0, 1, 0) },
  { name: "native code returning through exploded finally", body: `try { Y(1); for (const x of [1, 2]) { if (x === 2) return "native"; } } finally { f("fin"); Y("fin"); }` },
  { name: "catch with destructuring", body: `try { Y(1); throw { code: 7, msg: "m" }; } catch ({ code, msg }: any) { Y([code, msg]); }` },
  { name: "yield_ in catch parameter scope and rethrow", body: `try { try { boom("first"); } catch (e) { Y("c1"); throw e; } } catch (e2: any) { Y(e2.message); }` },
  { name: "exception in finally replaces the completion", body: `try { try { Y(1); return 1; } finally { boom("from finally"); } } catch (e: any) { Y(e.message); }` },
  { name: "break out of for…of whose return() throws calls it once", body: `try { for (const x of closeThrows()) { Y(x); if (x === 1) break; } } catch (e: any) { Y(e.message); }` },
  { name: "return() in for…of whose return() throws calls it once", body: `for (const x of closeThrows()) Y(x);`, steps: [{ next: 0 }, { return: "R" }, { next: 0 }] },
  { name: "return from a native for…of inside an exploded one closes the inner iterator first (fuzzer seed 1014513)", body: `for (const a of counting(3)) { for (const b of [1, 2]) { try { if (b === 2) return "out"; } finally { f(["native finally", a, b]); } } Y(a); }`, steps: [{ next: 0 }, { next: 0 }] },
  { name: "using disposes at scope exit, in reverse order", body: `{ using a = res("a"), b = res("b"); Y(1); f("body"); } Y(2);` },
  { name: "using disposes on exception and on return()", body: `{ using a = res("a"); Y(1); boom("x"); }` },
  { name: "using: return() disposes", body: `{ using a = res("a"); Y(1); Y(2); }`, steps: [{ next: 0 }, { next: 0 }, { return: "R" }] },
  { name: "using: disposal errors surface", body: `try { using a = badRes("a"); Y(1); } catch (e: any) { Y(e.message); }` },
  { name: "using null is allowed", body: `{ using a = null; Y(1); }` },
  { name: "using across a suspension reads [Symbol.dispose] once and calls it on the resource", body: `{ using a = selfRes("a"), b = selfRes("b"); Y(1); f("body"); } Y(2);` },
  { name: "using: [Symbol.dispose] read once on return() and on exceptions", body: `{ using a = selfRes("a"); Y(1); { using b = selfRes("b"); Y(2); boom("x"); } }`, steps: [{ next: 0 }, { return: "R" }] },
  { name: "using a primitive is a TypeError", body: `{ using a = Y(1) as any; Y(2); }`, steps: [{ next: 0 }, { next: "str" }, { next: 0 }] },
  { name: "throw() before the first resume with try", body: `try { Y(1); } catch { f("never"); }`, steps: [{ throw: "early" }, { next: 0 }] },
  { name: "exception inside a switch inside try", body: `try { switch (Y(1)) { case 0: boom("zero"); default: Y("d"); } } catch (e: any) { Y(e.message); }` },
];

describe("differential: exceptions, throw(), return(), using", () => {
  for (const c of cases) {
    it(c.name, () => {
      const steps = c.steps ?? N(8);
      const r = differential(c.body, steps, PRELUDE);
      expect(r.stackless, r.output).to.deep.equal(r.native);
    });
  }
});
