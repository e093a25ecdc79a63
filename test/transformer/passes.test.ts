/**
 * The backend's passes on their own (compileBody in transformer/compiler/emit.ts runs them in
 * this order): planStorage's names, fields and start values, and layoutCases' cases, labels,
 * inlining, entries and template hoisting, read from their products rather than from printed code.
 */
import { expect } from "chai";
import { runPasses } from "../support/passes";
import type { BlockCode, Flow } from "../../transformer/compiler/layout";

const IMPORTS = `import { coroutine, generator, yield_ } from "stackless";\n`;

/** The blocks a case runs, inlined ones included, and the labels it jumps to. */
function reach(code: BlockCode): { blocks: number[]; jumps: number[] } {
  const blocks: number[] = [];
  const jumps: number[] = [];
  const flow = (f: Flow | undefined) => {
    if (!f) return;
    if (f.kind === "jump") jumps.push(f.label);
    else walk(f.code);
  };
  const walk = (c: BlockCode) => {
    blocks.push(c.block);
    const t = c.term;
    if (t.kind === "goto") flow(t.next);
    else if (t.kind === "branch") {
      flow(t.whenTrue);
      flow(t.whenFalse);
    } else if (t.kind === "suspend") flow(t.take);
  };
  walk(code);
  return { blocks, jumps };
}

describe("transformer/compiler/storage: planStorage", () => {
  it("resume's own names come first; a body variable of the same name is renamed, a field named like a base member too", () => {
    const { plan } = runPasses(IMPORTS + `export const c = coroutine((log: any) => { const input = 1; const state = yield_(input); let t = state * 2; log(t); yield_(0); log(state); });`);
    expect([plan.inputName, plan.stateName]).to.deep.equal(["input", "state"]);
    // input and t live within one resume: locals of resume; log and state across a suspension: fields.
    expect([...plan.localOf.values()]).to.deep.equal(["input_1", "t"]);
    expect(plan.fields).to.deep.equal(["log", "state_1"]);
  });

  it("per state, the saved locals live there (static liveLocals)", () => {
    const { plan } = runPasses(IMPORTS + `export const c = coroutine((log: any) => { var early = 1; log(early); const a = yield_(1); yield_(2); log(a); });`);
    const live = plan.liveLocals.map((ix) => ix.map((i) => plan.fields[i]));
    expect(live).to.deep.equal([[], ["log"], ["log", "a"]]);
    expect([...plan.startsUndefined]).to.deep.equal([]);
  });

  it("a field read before it is written starts as undefined; the others start as 0", () => {
    const { plan } = runPasses(IMPORTS + `export const g = generator(() => { var a: any; yield_(typeof a); yield_(a); a = 1; yield_(a); });`);
    expect([...plan.startsUndefined]).to.deep.equal(["a"]);
  });

  it("captures by value get fields of their own, captures assigned elsewhere share one accessor field", () => {
    const { plan } = runPasses(IMPORTS + `export function f(n: number) { let m = 0; m++; return coroutine(() => { yield_(n + m); }); }`);
    expect([...plan.captureField.values()]).to.deep.equal(["n"]);
    expect(plan.accessorField).to.equal("outer");
  });

  it("a coroutine.loop round resets what it reads before it writes; a coroutine does not", () => {
    const body = `((x: number) => { var seen: any; yield_(seen); seen = x; yield_(seen); return seen; })`;
    expect(runPasses(IMPORTS + `export const c = coroutine.loop${body};`).plan.restartResets).to.deep.equal(["seen"]);
    expect(runPasses(IMPORTS + `export const c = coroutine${body};`).plan.restartResets).to.deep.equal([]);
  });
});

describe("transformer/compiler/layout: layoutCases", () => {
  it("a straight body: one case per state, each running on to its next suspension with no jump", () => {
    const { layout } = runPasses(IMPORTS + `export const c = coroutine(() => { yield_(1); yield_(2); return 3; });`);
    expect(layout.cases.map((c) => [c.label, c.name])).to.deep.equal([
      [0, "Start"],
      [1, "Yield1"],
      [2, "Yield2"],
    ]);
    expect(layout.cases.every((c) => reach(c.code).jumps.length === 0)).to.equal(true);
    expect(layout.usesDispatch).to.equal(false);
  });

  it("code after a join of two resumes becomes a case after Done (too long to copy), reached by jumps; each arm is inlined into Start", () => {
    const { site, layout } = runPasses(IMPORTS + `export function f(b: boolean, log: any) { return coroutine(() => { if (b) yield_(1); else yield_(2); log(1); log(2); log(3); log(4); }); }`);
    expect(layout.cases.map((c) => [c.label, c.name])).to.deep.equal([
      [0, "Start"],
      [1, "Yield1"],
      [2, "Yield2"],
      [site.states.length, "join"],
    ]);
    expect(layout.usesDispatch).to.equal(true);
    const [start, yield1, yield2] = layout.cases.map((c) => reach(c.code));
    expect(start.blocks.length, "the branch and both arms").to.equal(3);
    expect(start.jumps).to.deep.equal([]);
    expect(yield1.jumps).to.deep.equal([site.states.length]);
    expect(yield2.jumps).to.deep.equal([site.states.length]);
  });

  it("a short join is copied into both resumes instead (no jump, no dispatch loop)", () => {
    const { layout } = runPasses(IMPORTS + `export function f(b: boolean, log: any) { return coroutine(() => { if (b) yield_(1); else yield_(2); log(1); }); }`);
    expect(layout.cases.map((c) => c.name)).to.deep.equal(["Start", "Yield1", "Yield2"]);
    expect(layout.usesDispatch).to.equal(false);
  });

  it("a suspension inside try/finally gets a return() entry (static returnEntries) laid out as a case", () => {
    const { layout } = runPasses(IMPORTS + `export const g = generator((log: any) => { try { yield_(1); } finally { log("f"); } });`);
    expect(layout.returnEntries[1]).to.be.greaterThan(2);
    const entry = layout.cases.find((c) => c.label === layout.returnEntries[1])!;
    expect(entry.name).to.equal("return() at Yield1");
  });

  it("hoists tagged templates when inlining prints one in two places, and not otherwise", () => {
    const once = runPasses(IMPORTS + `export function f(tag: any) { return coroutine(() => { yield_(tag\`a\`); }); }`);
    expect(once.layout.hoistTemplates).to.equal(false);
    // The short join after the if is copied into both resumes: its template is printed twice.
    const twice = runPasses(IMPORTS + `export function f(b: boolean, tag: any) { return coroutine(() => { if (b) yield_(1); else yield_(2); tag\`x\`; }); }`);
    expect(twice.layout.hoistTemplates).to.equal(true);
  });
});
