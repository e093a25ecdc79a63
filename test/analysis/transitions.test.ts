/**
 * Resume paths (analysis/transitions.ts): from each state, how one resume can end. The flow
 * facts' transitions and maxResumes and `stackless graph`'s edges are all read from them.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile } from "../../analysis/analyze";

const HEADER = `import { coroutine, generator, future, yield_, await_ } from "stackless";\n`;

function paths(body: string): string[] {
  const file = ts.createSourceFile("paths.ts", HEADER + body, ts.ScriptTarget.ES2022, true);
  const [site] = analyzeFile(ts, file).sites;
  const flow = site.flow!;
  return flow.resumePaths.map((p) => `${site.states[p.from]}->${p.to === "panicked" ? "panicked" : site.states[p.to]}:${p.end}`);
}

function maxResumes(body: string): number | undefined {
  const file = ts.createSourceFile("paths.ts", HEADER + body, ts.ScriptTarget.ES2022, true);
  return analyzeFile(ts, file).sites[0].flow!.maxResumes;
}

describe("resume paths", () => {
  it("one yield_ then a return: Start -> Yield1 -> Done, two resumes at most", () => {
    const body = `coroutine((x: number) => { const y = yield_(x); return y; });`;
    expect(paths(body)).to.deep.equal(["Start->Yield1:yield", "Yield1->Done:return"]);
    expect(maxResumes(body)).to.equal(2);
  });

  it("an endless loop never reaches Done and has no bound", () => {
    const body = `coroutine((first: number) => { let sum = first; for (;;) { Add: sum += yield_(sum); } });`;
    expect(paths(body)).to.deep.equal(["Start->Add:yield", "Add->Add:yield"]);
    expect(maxResumes(body)).to.equal(undefined);
  });

  it("a call nothing catches can throw out of the body; a caught one cannot", () => {
    expect(paths(`coroutine((x: number) => { yield_(x); f(); return 1; }); declare function f(): void;`)).to.deep.equal([
      "Start->Yield1:yield",
      "Yield1->Done:return",
      "Yield1->panicked:throw",
    ]);
    expect(paths(`coroutine((x: number) => { yield_(x); try { f(); } catch { } return 1; }); declare function f(): void;`)).to.not.include(
      "Yield1->panicked:throw",
    );
  });

  it("coroutine.loop's return leaves the instance in Start", () => {
    expect(paths(`coroutine.loop((x: number) => { const y = yield_(x); return y; });`)).to.deep.equal(["Start->Yield1:yield", "Yield1->Start:return"]);
  });

  it("yieldAtStart's first yield_ takes the input and runs on: no path ends there", () => {
    expect(paths(`coroutine.yieldAtStart(() => { let sum = yield_(); for (;;) sum += yield_(sum); });`)).to.deep.equal([
      "Start->Yield2:yield",
      "Yield2->Yield2:yield",
    ]);
  });

  it("a bounded loop of suspensions is a cycle: no bound is claimed", () => {
    expect(maxResumes(`coroutine((x: number) => { for (let i = 0; i < 3; i++) x = yield_(x); return x; });`)).to.equal(undefined);
  });
});
