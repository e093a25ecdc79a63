/**
 * The backend's passes run one by one on a body, as compileBody runs them, for tests of a single
 * pass: analyzeFile's product, then planVariables and planStorage, then layoutCases.
 */
import { expect } from "chai";
import * as ts from "typescript";
import { analyzeFile, type SiteAnalysis } from "../../analysis/analyze";
import type { Binding } from "../../analysis/scopes";
import type { Terminator } from "../../analysis/ir";
import { planStorage, planVariables, type StoragePlan } from "../../transformer/compiler/storage";
import { hasReference, referencesOf } from "../../transformer/compiler/references";
import { layoutCases, type CaseLayout } from "../../transformer/compiler/layout";

export interface Passes {
  site: SiteAnalysis;
  plan: StoragePlan;
  layout: CaseLayout;
}

/** The passes over the single marker site of `source` (a module that imports the markers). */
export function runPasses(source: string): Passes {
  const file = ts.createSourceFile("passes.ts", source, ts.ScriptTarget.ES2022, true);
  const a = analyzeFile(ts, file);
  expect(a.sites, "one marker site").to.have.length(1);
  const site = a.sites[0];
  expect(site.compilable, "a body that compiles").to.equal(true);
  const flow = site.flow!;
  const exploded = site.lowered;
  const refs = referencesOf(a.bind!, exploded, new Map());
  const vars = planVariables(ts, exploded, flow, new Map(), refs.storage);
  const suspends = exploded.blocks
    .filter((b) => b.term?.kind === "suspend" && flow.graph.reachable.has(b.id))
    .map((b) => b.term as Terminator & { kind: "suspend" })
    .sort((x, y) => x.state - y.state);
  const firstYields = site.site.spec.firstYieldTakesInput ? flow.firstYields : { of: new Map(), needsFlag: false };
  const plan = planStorage({
    ts,
    site: site.site,
    exploded,
    graph: flow.graph,
    ...vars,
    storage: refs.storage,
    suspends,
    states: site.states,
    needsFirstFlag: firstYields.needsFlag,
    captures: site.captures,
    specials: site.specials,
    reservedNames: site.reservedNames,
  });
  const layout = layoutCases({
    ts,
    exploded,
    graph: flow.graph,
    states: site.states,
    suspends,
    firstYields,
    replacements: new Map(),
    refs,
    hasReference: (b: Binding) => hasReference(b, exploded, plan, site.captures),
  });
  return { site, plan, layout };
}
