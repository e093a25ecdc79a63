/**
 * What `stackless graph` knows of a marker site: the one analysis' states, suspensions and resume
 * paths (analysis/transitions.ts), labelled with source text and, given a checker, types. Only
 * this file reads the analysis; everything else under cli/graph/ sees the `SiteGraphFacts`
 * interface below.
 */
import type * as TS from "typescript";
import { analyzeFile, type SiteAnalysis } from "../../analysis/analyze";
import type { MarkerKind, Site, Suspension } from "../../analysis/markers";

/** One resume's path through the body: from the state it starts in to the one it leaves in. */
export interface Transition {
  /** A state name from `SiteGraphFacts.states`. */
  from: string;
  /** A state name, or `PANICKED` for a resume that throws out of the body. */
  to: string;
  /** What ends this resume: a `yield_`-family suspension, a `return` (or the end), or a throw. */
  end: "yield" | "return" | "throw";
  /** What the resume takes: a type when one is known, else the name it is bound to. */
  input: string;
  /** What the resume outputs (for `end: "throw"`, nothing): operand text, with its type from the checker when there is one. */
  output?: string;
}

/** A `yield_`, `yield_.from` or `await_` of the body: where a resume can stop. */
export interface SuspensionFacts {
  /** The state the instance is in while suspended here. */
  state: string;
  kind: "yield_" | "yield_.from" | "await_";
  /** The call's source text, `yield_<number>(sum)`. */
  text: string;
  /** The operand's source text (`sum`), or undefined for `yield_()`. */
  operand?: string;
  /** 1-based line of the call. */
  line: number;
}

/** The state machine of one marker site. */
export interface SiteGraphFacts {
  /** The binding the instance is assigned to (`const summer = coroutine(…)` → "summer"), else the enclosing function's name, else `<kind>@<line>`. */
  name: string;
  /** The marker: "coroutine", "coroutine.loop", "generator.unified", "future", … */
  marker: MarkerKind;
  /** 1-based line of the marker call. */
  line: number;
  /**
   * The states an instance can be in, in the generated class's order: "Start", the suspension
   * states, "Done": those a resume can reach (an endless loop never reaches Done, nor a
   * coroutine.loop that never throws). A `yieldAtStart` body's first `yield_()`, which never
   * suspends, has no state here.
   */
  states: string[];
  /** Every state-to-state path a resume can take (deduplicated). */
  transitions: Transition[];
  suspensions: SuspensionFacts[];
  /** Whether a resume can throw out of the body (a `throw`, or a call, `new` or poll that is not caught), making the instance a panicked Done. */
  canThrow: boolean;
  /** What a resume of Start takes (shown on the entry edge). */
  firstInput: string;
  /** Set when the compiler cannot compile this body (70007): the reason; states and transitions are then empty. */
  unsupported?: string;
}

/** The target of transitions that throw out of the body. */
export const PANICKED = "Done (panicked)";

/** The facts of every marker site of `sourceFile`, inner sites after the sites that hold them. `checker` adds types. */
export function siteGraphFacts(ts: typeof TS, sourceFile: TS.SourceFile, checker?: TS.TypeChecker): SiteGraphFacts[] {
  const analysis = analyzeFile(ts, sourceFile, { checker });
  // The analysis lists inner sites first; a reader expects source order.
  const sites = [...analysis.sites].sort((a, b) => a.site.call.getStart() - b.site.call.getStart());
  return sites.map((sa) => factsOf(ts, sourceFile, sa, checker));
}

function factsOf(ts: typeof TS, file: TS.SourceFile, analysis: SiteAnalysis, checker: TS.TypeChecker | undefined): SiteGraphFacts {
  const { site, states: classStates, suspensions } = analysis;
  const text = (n: TS.Node): string => n.getText(file).replace(/\s+/g, " ");
  const typeOf = (n: TS.Node): string | undefined => {
    if (!checker) return undefined;
    try {
      return checker.typeToString(checker.getTypeAtLocation(n));
    } catch {
      return undefined;
    }
  };
  const base = {
    name: bindingName(ts, site) ?? `${site.kind}@${lineOf(file, site.call)}`,
    marker: site.kind,
    line: lineOf(file, site.call),
    suspensions: suspensions.map((s) => suspensionFacts(file, s, text)),
    firstInput: firstInput(ts, site, suspensions, text, typeOf),
  };
  // The lowering collects what it cannot compile rather than throwing it: the first is the reason.
  if (!analysis.flow) return { ...base, states: [], transitions: [], canThrow: false, unsupported: analysis.lowered.unsupported[0]?.construct ?? "this body" };
  const bySuspension = new Map<TS.Node, Suspension>(suspensions.map((s) => [s.call, s]));
  const inputAt = (state: number): string => {
    if (state === 0) return base.firstInput;
    const s = suspensions[state - 1];
    // A future's every resume takes the context, rebound to its parameter.
    if (site.kind === "future") return contextName(site, text);
    if (site.kind.endsWith(".unified")) return base.firstInput;
    const typeArg = s.call.typeArguments?.[0];
    if (typeArg) return text(typeArg);
    if (ts.isExpressionStatement(s.call.parent)) return "_ (ignored)";
    return typeOf(s.call) ?? "input";
  };
  const withType = (n: TS.Node): string => {
    const t = typeOf(n);
    return t && t !== text(n) ? `${text(n)}: ${t}` : text(n);
  };
  const outputOfSuspension = (s: Suspension | undefined): string => {
    if (!s) return "undefined";
    if (s.kind === "await_") return "Poll.pending";
    const arg = s.call.arguments[0];
    if (s.kind === "yield_.from") return `…${arg ? text(arg) : ""}`;
    return arg ? withType(arg) : "undefined";
  };
  const outputOfReturn = (node: TS.Node | undefined): string => {
    if (!node) return "undefined";
    const value = ts.isReturnStatement(node) ? node.expression : ts.isExpression(node) ? node : undefined;
    return value ? withType(value) : "undefined";
  };

  // The analysis' resume paths, labelled: what each takes (by its state) and outputs (by what ends it).
  const transitions: Transition[] = [];
  const seenTransitions = new Set<string>();
  const nameOf = (to: number | "panicked"): string => (to === "panicked" ? PANICKED : classStates[to]);
  for (const p of analysis.flow.resumePaths) {
    const from = classStates[p.from];
    const input = inputAt(p.from);
    const t: Transition =
      p.end === "yield"
        ? { from, to: nameOf(p.to), end: "yield", input, output: outputOfSuspension(p.node && bySuspension.get(p.node)) }
        : p.end === "return"
          ? { from, to: nameOf(p.to), end: "return", input, output: outputOfReturn(p.node) }
          : { from, to: PANICKED, end: "throw", input };
    const key = JSON.stringify(t);
    if (!seenTransitions.has(key)) transitions.push(t), seenTransitions.add(key);
  }
  const entered = new Set<string>(["Start", ...transitions.map((t) => t.to)]);
  const states = classStates.filter((s) => entered.has(s));
  return { ...base, states, transitions, canThrow: transitions.some((t) => t.end === "throw") };
}

function suspensionFacts(file: TS.SourceFile, s: Suspension, text: (n: TS.Node) => string): SuspensionFacts {
  const arg = s.call.arguments[0];
  return { state: s.name, kind: s.kind, text: text(s.call), operand: arg ? text(arg) : undefined, line: lineOf(file, s.call) };
}

/** What the first resume takes: the body's parameter (`first: number`), or under yieldAtStart the first yield_'s type; `_` when it is dropped. */
function firstInput(ts: typeof TS, site: Site, suspensions: readonly Suspension[], text: (n: TS.Node) => string, typeOf: (n: TS.Node) => string | undefined): string {
  const param = site.body.parameters[0];
  if (param) {
    const name = text(param.name);
    const type = param.type ? text(param.type) : typeOf(param.name);
    return type ? `${name}: ${type}` : name;
  }
  if (site.kind === "coroutine.yieldAtStart") {
    const first = suspensions[0];
    const typeArg = first?.call.typeArguments?.[0];
    return typeArg ? text(typeArg) : first ? typeOf(first.call) ?? "input" : "input";
  }
  return site.kind === "future" ? "cx" : "_ (dropped)";
}

function contextName(site: Site, text: (n: TS.Node) => string): string {
  const param = site.body.parameters[0];
  return param ? text(param.name) : "cx";
}

/** The name a reader knows the instance by: the variable, property or function it is created in. */
function bindingName(ts: typeof TS, site: Site): string | undefined {
  for (let n: TS.Node = site.call; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
    if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && ts.isIdentifier(p.name)) return p.name.text;
    if (ts.isFunctionDeclaration(p) && p.name) return p.name.text;
    if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) return p.left.text;
    if (ts.isSourceFile(p)) return undefined;
  }
  return undefined;
}

function lineOf(file: TS.SourceFile, node: TS.Node): number {
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}
