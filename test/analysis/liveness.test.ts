/**
 * The liveness pass on its own: the locals saved at each state, where the fixed point needs more
 * than one sweep (a loop's back edge, a value read only after a later loop round), and the
 * resume paths made on first read.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile, type SiteAnalysis } from "../../analysis/analyze";

const HEADER = `import { coroutine, yield_ } from "stackless";\n`;

function only(body: string): SiteAnalysis {
  const a = analyzeFile(ts, ts.createSourceFile("liveness.ts", HEADER + body, ts.ScriptTarget.ES2022, true));
  expect(a.sites).to.have.length(1);
  return a.sites[0];
}

const saved = (s: SiteAnalysis, state: number) => s.flow!.savedLocals.get(state)!.map((b) => b.name);

describe("liveness", () => {
  it("a value written before a loop and read only after it is live through every round (the back edge)", () => {
    const s = only(`export const c = coroutine((n: number) => { const kept = n * 2; let i = 0; while (i < n) { i += yield_(i); } return kept + i; });`);
    expect(saved(s, 1)).to.deep.equal(["n", "kept", "i"]);
  });

  it("a value the next round reads after the suspension is live there; one written after the suspension before any read is not", () => {
    // `last` is written after the yield_ and read before it in the next round: live across it.
    const s = only(`export const c = coroutine((n: number) => { let last = 0; for (;;) { const x = yield_(last); last = x + n; } });`);
    expect(saved(s, 1)).to.deep.equal(["n"]);
    const t = only(`export const c = coroutine(() => { let last = 0; for (;;) { const x: number = yield_(0); if (x > last) break; last = x; } return last; });`);
    expect(saved(t, 1)).to.deep.equal(["last"]);
  });

  it("nested try/finally: each level's completion is written on the way into its finally, so it is saved by no state", () => {
    const s = only(`export const c = coroutine(() => { let s = 0; try { s += yield_(1); try { s += yield_(2); } finally { s += 2; } } finally { s += 1; } return s; });`);
    for (const state of [1, 2]) expect(saved(s, state)).to.include("s").and.not.include("completion");
  });

  it("nested try/finally: a normal completion ends the completion value's life, so no state inside the tries saves an enclosing level's value", () => {
    const s = only(`export const c = coroutine(() => { let s = 0; try { s += yield_(1); try { s += yield_(2); try { s += yield_(3); } finally { s += 3; } } finally { s += 2; } } finally { s += 1; } return s; });`);
    for (const state of [1, 2, 3]) expect(saved(s, state), `state ${state}`).to.deep.equal(["s"]);
  });

  it("a finally that suspends still saves the completion and its value where the end of the finally reads them", () => {
    // At Yield2 (inside the finally) a return() or throw() at Yield1 may be pending.
    const s = only(`export const c = coroutine(() => { let s = 0; try { s += yield_(1); } finally { s += yield_(2); } return s; });`);
    expect(saved(s, 1)).to.deep.equal(["s"]);
    expect(saved(s, 2)).to.include.members(["s", "completion", "completionValue"]);
  });

  it("the resume paths are made when first read, and the same on every read", () => {
    const s = only(`export const c = coroutine((x: number) => { if (x) yield_(1); if (x > 1) yield_(2); return 0; });`);
    const first = s.flow!.resumePaths;
    expect(s.flow!.resumePaths).to.equal(first);
    expect([...s.flow!.transitions.get(0)!].sort()).to.deep.equal([1, 2, 3]);
    expect([...s.flow!.transitions.get(1)!].sort()).to.deep.equal([2, 3]);
    expect(s.flow!.maxResumes).to.equal(3);
  });
});
