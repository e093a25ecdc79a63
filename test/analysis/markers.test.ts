import { expect } from "chai";
import * as ts from "typescript";
import { bindFile } from "../../analysis/scopes";
import { findSites } from "../../analysis/markers";
import { nameStates } from "../../analysis/states";
import type { Finding } from "../../analysis/diagnostics";
import { parse } from "../support/parse";

function analyze(code: string) {
  const file = parse(code);
  return findSites(ts, file, bindFile(ts, file));
}

describe("analysis/markers: finding sites by their import", () => {
  it("recognises named, renamed and namespace imports", () => {
    const a = analyze(`
      import { coroutine, generator as gen, yield_ as y } from "stackless";
      import * as sl from "stackless";
      coroutine((x: number) => { y(x); });
      gen(() => { y(1); y(2); });
      sl.coroutine.loop(() => { sl.yield_(1); });`);
    expect(a.allSites.map((s) => [s.kind, s.suspensions.length])).to.deep.equal([
      ["coroutine", 1],
      ["generator", 2],
      ["coroutine.loop", 1],
    ]);
    expect(a.findings).to.deep.equal([]);
  });

  it("does not mistake a shadowing local or another module for a marker", () => {
    const a = analyze(`
      import { coroutine } from "other";
      import { yield_ } from "stackless";
      function f(yield_: any) { yield_(1); }
      coroutine(() => 1);`);
    expect(a.allSites).to.deep.equal([]);
    expect(a.findings).to.deep.equal([]);
  });

  it("reports 70003 for yield_ outside a body and inside a nested function", () => {
    const a = analyze(`
      import { coroutine, yield_, await_ } from "stackless";
      yield_(1);
      coroutine(() => { [1].forEach(() => yield_(2)); await_(Promise.resolve(1)); });`);
    expect(a.findings.map((f) => f.code)).to.deep.equal([70003, 70003, 70003]);
    expect(a.findings[1].message).to.contain("nested function");
    expect(a.findings[2].message).to.contain("future");
  });

  it("reports 70007 for a marker whose argument is not a function", () => {
    const a = analyze(`import { coroutine } from "stackless"; const body = () => 1; coroutine(body);`);
    expect(a.findings.map((f) => f.code)).to.deep.equal([70007]);
  });

  it("attaches nested sites to their parent and lists inner sites first", () => {
    const a = analyze(`import { generator, yield_ } from "stackless"; generator(() => { const inner = generator(() => { yield_(1); }); yield_(inner); });`);
    expect(a.sites.length).to.equal(1);
    expect(a.sites[0].nested.length).to.equal(1);
    expect(a.allSites[0]).to.equal(a.sites[0].nested[0]);
  });
});

describe("analysis/states: naming suspension states", () => {
  function states(code: string): { names: string[]; findings: Finding[] } {
    const a = analyze(`import { coroutine, future, yield_, await_ } from "stackless";\n` + code);
    const findings: Finding[] = [];
    const names = [...nameStates(ts, a.allSites[0], findings).names];
    return { names, findings };
  }

  it("uses labels of the holding statement, else YieldN / AwaitN in source order", () => {
    expect(states(`coroutine(() => { yield_(1); Add: x += yield_(2); for (;;) { yield_(3); } });`).names).to.deep.equal(["Start", "Yield1", "Add", "Yield2", "Done"]);
    expect(states(`future((cx) => { await_(a); yield_(b); await_(c); });`).names).to.deep.equal(["Start", "Await1", "Yield1", "Await2", "Done"]);
  });

  it("a label on a loop does not name the yields nested in its body", () => {
    expect(states(`coroutine(() => { outer: for (;;) { yield_(1); } });`).names).to.deep.equal(["Start", "Yield1", "Done"]);
  });

  it("reports 70008 for two states with one name", () => {
    const r = states(`coroutine(() => { A: yield_(1); A: yield_(2); Start: yield_(3); });`);
    expect(r.findings.map((f) => f.code)).to.deep.equal([70008, 70008]);
  });
});
