/**
 * The storage pass on its own: which machine variables need fields (live across a suspension)
 * and which fields share a slot (lifetimes that never overlap), read from analyzeFile's product.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile, type SiteAnalysis } from "../../analysis/analyze";
import type { Binding } from "../../analysis/scopes";
import { planVariables, shareSlots } from "../../transformer/compiler/storage";

function plan(body: string): { fields: string[]; slots: string[][] } {
  const file = ts.createSourceFile("storage.ts", `import { coroutine, yield_ } from "stackless";\nexport const c = coroutine(${body});`, ts.ScriptTarget.ES2022, true);
  const a = analyzeFile(ts, file);
  const s: SiteAnalysis = a.sites[0];
  const lowered = s.lowered;
  const resolve = (id: ts.Identifier): Binding | undefined => lowered.refs.get(id) ?? a.bind!.refs.get(id);
  const storage = (id: ts.Identifier): Binding | undefined => {
    const b = resolve(id);
    return b && (lowered.boxed.get(b) ?? b);
  };
  const vars = planVariables(ts, lowered, s.flow!, new Map(), storage);
  const candidates = [...vars.fieldVars].filter((b) => b.kind !== "temp" && b.kind !== "param");
  const slots = shareSlots(ts, lowered, s.flow!.graph, vars.live, storage, candidates);
  const distinct = [...new Set(slots.values())].map((slot) => slot.map((b) => b.name));
  return { fields: candidates.map((b) => b.name).sort(), slots: distinct };
}

describe("transformer/compiler/storage: fields and shared slots", () => {
  it("a local read after a suspension needs a field; one used only between two does not", () => {
    // a is read after Yield2 resumes; t and b are written and read within one resume.
    const p = plan(`() => { const a = yield_(1); let t = a * 2; t++; yield_(t); const b = yield_(0); yield_(b + a); }`);
    expect(p.fields).to.deep.equal(["a"]);
  });

  it("two locals whose lifetimes never overlap share one slot", () => {
    const p = plan(`(log: any) => { const a = yield_(1); yield_(0); log(a); const b = yield_(2); yield_(0); log(b); }`);
    expect(p.slots).to.deep.equal([["a", "b"]]);
  });

  it("two locals live at once keep slots of their own", () => {
    const p = plan(`(log: any) => { const a = yield_(1); const b = yield_(2); yield_(0); log(a + b); }`);
    expect(p.slots).to.deep.equal([["a"], ["b"]]);
  });
});
