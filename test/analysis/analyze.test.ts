/**
 * analyzeFile as a product: the state table, the suspensions and the flow facts of a body, read
 * without compiling it; and the compiler compiles from a deep-frozen analysis (nothing downstream
 * writes into it), to the same output as from a fresh one.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile, type FileAnalysis, type SiteAnalysis } from "../../analysis/analyze";
import { DIAGNOSTICS, DIAGNOSTIC_CODES } from "../../analysis/diagnostics";
import { MARKERS } from "../../analysis/markers";
import { compileFile } from "../../transformer/compiler/transform";

const HEADER = `import { coroutine, generator, future, yield_, await_ } from "stackless";\n`;

function parse(body: string): ts.SourceFile {
  return ts.createSourceFile("analyze.ts", HEADER + body, ts.ScriptTarget.ES2022, true);
}

function only(body: string): SiteAnalysis {
  const a = analyzeFile(ts, parse(body));
  expect(a.sites).to.have.length(1);
  return a.sites[0];
}

/** A TypeScript node: the analysis refers to the syntax tree, which it does not own. */
function isNode(o: object): boolean {
  return typeof (o as { kind?: unknown }).kind === "number" && "pos" in o && "end" in o && "flags" in o;
}

/** Freeze everything reachable that the analysis made (objects, arrays, maps, sets), not the syntax tree. */
function deepFreeze(root: unknown): number {
  const seen = new Set<object>();
  const refuse = (): never => {
    throw new TypeError("a frozen analysis was written to");
  };
  const visit = (o: unknown): void => {
    if (o === null || typeof o !== "object" || seen.has(o) || isNode(o)) return;
    seen.add(o);
    if (o instanceof Map) {
      for (const [k, v] of o) {
        visit(k);
        visit(v);
      }
      Object.assign(o, { set: refuse, delete: refuse, clear: refuse });
    } else if (o instanceof Set) {
      for (const v of o) visit(v);
      Object.assign(o, { add: refuse, delete: refuse, clear: refuse });
    } else {
      for (const v of Object.values(o)) visit(v);
    }
    Object.freeze(o);
  };
  visit(root);
  return seen.size;
}

const print = (file: ts.SourceFile): string => ts.createPrinter().printFile(file);

function compiled(analysis: FileAnalysis): { text: string; codes: number[] } {
  const codes: number[] = [];
  const out = compileFile(ts, analysis, { report: (f) => codes.push(f.code), rootDir: "/" });
  return { text: print(out), codes };
}

describe("analysis: analyzeFile", () => {
  it("names the states as SPEC does and gives each suspension its state", () => {
    const s = only(`export const c = coroutine((x: number) => { const a = yield_(1); Add: x += yield_(a); await_; return x; });`);
    expect(s.states).to.deep.equal(["Start", "Yield1", "Add", "Done"]);
    expect(s.suspensions.map((y) => [y.name, y.index, y.kind])).to.deep.equal([
      ["Yield1", 1, "yield_"],
      ["Add", 2, "yield_"],
    ]);
    expect(s.marker).to.equal(MARKERS.coroutine);
    expect(s.compilable).to.equal(true);
  });

  it("flow facts: transitions state to state, Done, maxResumes of a straight body, endReachable", () => {
    const s = only(`export const c = coroutine(() => { yield_(1); yield_(2); });`);
    expect(s.flow!.endReachable).to.equal(true);
    expect([...s.flow!.transitions.get(0)!]).to.deep.equal([1]);
    expect([...s.flow!.transitions.get(1)!]).to.deep.equal([2]);
    expect([...s.flow!.transitions.get(2)!]).to.deep.equal([3]);
    expect(s.flow!.maxResumes).to.equal(3);
    expect([...s.flow!.reachableStates].sort()).to.deep.equal([0, 1, 2, 3]);
  });

  it("flow facts: a branch gives two next states, a loop through a yield_ leaves maxResumes unbounded", () => {
    const branch = only(`export const c = coroutine((b: boolean) => { if (b) yield_(1); else yield_(2); return 0; });`);
    expect([...branch.flow!.transitions.get(0)!].sort()).to.deep.equal([1, 2]);
    expect(branch.flow!.endReachable).to.equal(false);
    expect(branch.flow!.maxResumes).to.equal(2);
    const loop = only(`export const c = coroutine(() => { for (;;) yield_(1); });`);
    expect(loop.flow!.maxResumes).to.equal(undefined);
    expect([...loop.flow!.reachableStates].sort()).to.deep.equal([0, 1]);
  });

  it("flow facts: first yields (certainly first, or only on some paths)", () => {
    const s = only(`export const c = coroutine.yieldAtStart((b: boolean) => { if (b) yield_(1); for (;;) yield_(2); });`);
    expect(s.flow!.firstYieldStates.get(1)).to.equal("always");
    expect(s.flow!.firstYieldStates.get(2)).to.equal("maybe");
  });

  it("flow facts: the locals saved at each state (what a resume from it may read)", () => {
    const s = only(`export const c = coroutine((log: any) => { const a = yield_(1); let t = a * 2; yield_(t); log(a); });`);
    const saved = (state: number) => s.flow!.savedLocals.get(state)!.map((b) => b.name);
    expect(saved(0)).to.deep.equal([]);
    expect(saved(1)).to.deep.equal(["log"]);
    expect(saved(2)).to.deep.equal(["log", "a"]);
  });

  it("captures and special uses of a body", () => {
    const a = analyzeFile(ts, parse(`export function f(n: number) { let m = 1; m++; return coroutine(() => { yield_(n + m + arguments.length); }); }`));
    const s = a.sites[0];
    expect(s.captures.map((c) => [c.binding.name, c.byValue])).to.deep.equal([
      ["n", true],
      ["m", false],
    ]);
    expect(s.specials.arguments).to.equal(true);
    expect(s.specials.this).to.equal(false);
  });

  it("compiles from a deep-frozen FileAnalysis, to the same output as from a fresh one", () => {
    const text = `
      export function f(n: number) {
        const inner = generator(() => { yield_(n); });
        return coroutine.yieldAtStart((x: number) => { let t = 0; try { t += yield_(x); } finally { t++; } for (const v of inner) t += yield_(v); return t; });
      }
      export const g = coroutine.loop((x: number) => { const a = yield_(x); if (a) return a; });
      export const h = future((cx: any) => { const r = await_(cx.later(1)); return r; });`;
    const fresh = compiled(analyzeFile(ts, parse(text)));
    const frozen = analyzeFile(ts, parse(text));
    expect(deepFreeze(frozen)).to.be.greaterThan(50);
    const fromFrozen = compiled(frozen);
    expect(fromFrozen.codes).to.deep.equal([]);
    expect(fromFrozen.text).to.equal(fresh.text);
    expect(fromFrozen.text).to.contain("class InnerGenerator extends __stackless.GeneratorMachine");
  });
});

describe("analysis: the DIAGNOSTICS and MARKERS tables", () => {
  it("DIAGNOSTICS holds SPEC's codes 70001-70008 and the next free one, 70009, listed at run time with their severities", () => {
    expect(DIAGNOSTIC_CODES).to.deep.equal([70001, 70002, 70003, 70004, 70005, 70006, 70007, 70008, 70009]);
    expect(DIAGNOSTIC_CODES.filter((c) => DIAGNOSTICS[c].severity === "warning")).to.deep.equal([70002, 70005, 70006, 70009]);
    expect(DIAGNOSTICS[70007].name).to.equal("CannotCompile");
  });

  it("MARKERS: one spec per marker of SPEC, each naming its base class and suspensions", () => {
    expect(Object.keys(MARKERS).sort()).to.deep.equal(["coroutine", "coroutine.loop", "coroutine.unified", "coroutine.yieldAtStart", "future", "generator", "generator.unified"]);
    expect(MARKERS["generator.unified"].baseClass).to.equal("GeneratorMachine");
    expect(MARKERS["generator.unified"].suspensions).to.include("yield_.from");
    expect(MARKERS.coroutine.suspensions).to.not.include("yield_.from");
    expect(MARKERS["coroutine.loop"].restartsOnReturn).to.equal(true);
    expect(MARKERS.future.output).to.equal("poll");
  });
});
