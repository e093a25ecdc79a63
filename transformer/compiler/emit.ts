/**
 * The backend of one body: compileBody's passes, from a site's analysis to its state-machine class.
 *
 *   class Summer_Coroutine extends __stackless.CoroutineMachine {
 *     static states = ["Start", "Add", "Done"]; …
 *     constructor() { super(); this.sum = undefined; }     // every field, one hidden class
 *     resume(input) {
 *       let state = this._state;                            // the state lives in a local
 *       if (state < 0 || state > 1) return __stackless.resumeFailed(this);
 *       this._state = -1;                                   // Running
 *       try {
 *         switch (state) {                                  // direct dispatch
 *           case 0: /* Start *\/ this.sum = input; this._state = 1; return this.sum;
 *           case 1: /* Add *\/ …
 *         }
 *       } catch (e) { this._state = -2; throw e; }          // Done as panicked
 *     }
 *   }
 *
 * Each pass is a function of the products before it, in its own file: storage.ts (fields,
 * locals, shared slots, names), layout.ts (cases, labels, inlining, jumps, template hoisting),
 * print-cases.ts with rewrite.ts (the statements of each case), share-cases.ts (passes over the
 * printed cases), temps.ts (what snapshots know of temporaries) and print-class.ts.
 */
import type * as TS from "typescript";
import type { Binding, BindResult } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { Terminator } from "../../analysis/ir";
import type { FirstYields, FlowFacts } from "../../analysis/flow";
import type { LoweredBody } from "../../analysis/lower";
import type { Capture, Specials } from "../../analysis/captures";
import { planStorage, planVariables, type StoragePlan } from "./storage";
import { planTemps } from "./temps";
import { localTypes, localTypesExpression } from "./local-types";
import { hasReference, referencesOf } from "./references";
import { layoutCases, type CaseLayout } from "./layout";
import { CasePrinter, type PrintedCases } from "./print-cases";
import { Rewriter } from "./rewrite";
import { defaultGroupOf, dropSameStateStores, isInertBody, shareCases } from "./share-cases";
import { printClass, type FinishedCases } from "./print-class";


/** What the backend reads: the site's analysis (never written to) and the file's compile state. */
export interface EmitInput {
  ts: typeof TS;
  site: Site;
  bind: BindResult;
  exploded: LoweredBody;
  flow: FlowFacts;
  states: readonly string[];
  className: string;
  siteId: string;
  captures: readonly Capture[];
  /** What the body uses of this / arguments / new.target / super (an arrow body captures the enclosing ones). */
  specials: Specials;
  runtime: (name: string) => TS.Expression;
  /** Compiled nested sites: the marker call → the expression that replaces it. */
  replacements: ReadonlyMap<TS.Node, TS.Expression>;
  /**
   * Identifiers the compiler made for a binding (the arguments of `new Class(…)` at a compiled
   * nested site), so that the enclosing body's rewrite resolves them; filled here, per file.
   */
  madeRefs: Map<TS.Identifier, Binding>;
  /** Every identifier in the body's source text and more: names a new local must avoid. */
  reservedNames: ReadonlySet<string>;
  /** The program's checker, when the build has one: the saved locals' types for snapshotSchema (local-types.ts). */
  checker?: TS.TypeChecker;
  strictNullChecks?: boolean;
}

export interface EmitOutput {
  classDeclaration: TS.ClassDeclaration;
  /** Arguments of `new Class(...)` at the site. */
  constructorArgs: TS.Expression[];
  fields: string[];
}

/**
 * Compile one body into its class: the backend's passes in order, each a function of the
 * products before it (Roslyn's StateMachineRewriter.Rewrite, TypeScript's generators.ts).
 *
 *   analysis (lower, flow facts) → planVariables, planStorage → layoutCases → printCases
 *   → shareCases, isInertBody, dropSameStateStores, defaultGroupOf → planTemps → printClass
 *
 * An optimisation pass goes between two of them: over the CaseLayout (what runs in which case)
 * before printCases, or over the printed cases (share-cases.ts) before printClass.
 */
export function compileBody(input: EmitInput): EmitOutput {
  const { ts, site, exploded, states, flow } = input;
  const refs = referencesOf(input.bind, exploded, input.madeRefs);
  const firstYields = site.spec.firstYieldTakesInput ? flow.firstYields : NO_FIRST_YIELDS;
  const needsFirstFlag = firstYields.needsFlag;

  // ---- storage: fields, locals, shared slots, names, start values ----
  const { live, fieldVars, usedVars } = planVariables(ts, exploded, flow, input.replacements, refs.storage);
  const suspends = reachableSuspends(exploded, flow);
  const plan = planStorage({ ts, site, exploded, graph: flow.graph, live, fieldVars, usedVars, storage: refs.storage, suspends, states, needsFirstFlag, captures: input.captures, specials: input.specials, reservedNames: input.reservedNames });

  // ---- case layout: labels, entries, inlining, jumps, template hoisting ----
  const hasRef = (b: Binding) => hasReference(b, exploded, plan, input.captures);
  const layout = layoutCases({ ts, exploded, graph: flow.graph, states, suspends, firstYields, replacements: input.replacements, refs, hasReference: hasRef });

  // ---- printing the cases: the rewrite of the body's code into resume's ----
  const printer = new CasePrinter({ ts, site, exploded, states, plan, layout, needsFirstFlag, runtime: input.runtime });
  const rewriter = new Rewriter({ ts, site, exploded, refs, plan, captures: input.captures, replacements: input.replacements, runtime: input.runtime, className: input.className, hoistTemplates: layout.hoistTemplates, embeddedJump: printer.embeddedJump });
  printer.rewriter = rewriter;
  const printed = printer.printCases();

  // ---- passes over the printed cases: shared cases, inert bodies, the default group ----
  const cases = finishCases(ts, printed, plan, layout, needsFirstFlag, states);

  // ---- the class ----
  const temps = planTemps({ ts, site, exploded, live, fieldOf: plan.fieldOf, fields: plan.fields, liveLocals: plan.liveLocals, suspends, states, resolve: refs.resolve, fileLabel: input.siteId.slice(0, input.siteId.lastIndexOf("#")) });
  const types = input.checker && localTypes({ ts, checker: input.checker, strictNullChecks: input.strictNullChecks ?? true, fields: plan.fields, fieldOf: plan.fieldOf, stored: temps.stored });
  const captureValue = (b: Binding): TS.Identifier => {
    // A fresh identifier bound to the outer binding: an enclosing body may rewrite it in turn.
    const id = ts.factory.createIdentifier(b.name);
    input.madeRefs.set(id, b);
    return id;
  };
  const out = printClass({
    ts,
    site,
    states,
    className: input.className,
    siteId: input.siteId,
    captures: input.captures,
    runtime: input.runtime,
    plan,
    layout,
    cases,
    temps,
    localTypes: types && localTypesExpression(ts, types),
    outputName: printed.outputName,
    needSelf: rewriter.needSelf,
    needsFirstFlag,
    templateStatics: rewriter.templateStatics,
    rewrite: (e) => rewriter.rewrite(e),
    captureValue,
  });
  return { classDeclaration: out.classDeclaration, constructorArgs: out.constructorArgs, fields: [...plan.fields] };
}

const NO_FIRST_YIELDS: FirstYields = { of: new Map<Terminator, "always" | "maybe">(), needsFlag: false };

/** The reachable suspensions, by state. */
function reachableSuspends(exploded: LoweredBody, flow: FlowFacts): (Terminator & { kind: "suspend" })[] {
  const suspends = exploded.blocks.filter((b) => b.term?.kind === "suspend" && flow.graph.reachable.has(b.id)).map((b) => b.term as Terminator & { kind: "suspend" });
  return suspends.sort((a, b) => a.state - b.state);
}

/** The passes over printed cases (share-cases.ts), in order. */
function finishCases(ts: typeof TS, printed: PrintedCases, plan: StoragePlan, layout: CaseLayout, needsFirstFlag: boolean, states: readonly string[]): FinishedCases {
  let groups = shareCases(ts, printed.cases);
  const residentNames = new Set<string>([plan.inputName, plan.stateName, ...plan.localOf.values(), ...(printed.outputName ? [printed.outputName] : []), ...(needsFirstFlag ? [plan.firstName] : [])]);
  const ownFields = new Set<string>(["_state", ...plan.fieldOf.values(), ...plan.captureField.values()]);
  const inert = isInertBody(ts, groups, residentNames, ownFields);
  if (inert && !layout.usesDispatch) groups = dropSameStateStores(ts, groups);
  return { groups, defaultGroup: defaultGroupOf(groups, states.length - 2), inert };
}
