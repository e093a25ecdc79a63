/**
 * What `stackless graph` knows of a marker site, and the ONE place that reads it from the
 * transformer's analysis (the binder, the marker finder, the state namer and the exploded block
 * graph). Everything else under cli/graph/ sees only the `SiteGraphFacts` interface below, so
 * moving onto another analysis means rewriting this file alone.
 */
import type * as TS from "typescript";
import { analyzeFile, type SiteAnalysis } from "../../analysis/analyze";
import type { MarkerKind, Site, Suspension } from "../../analysis/markers";
import type { LoweredBody as ExplodeResult } from "../../analysis/lower";
import type { Block, BlockId } from "../../analysis/ir";

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
  const exploded: ExplodeResult = analysis.lowered;
  // The lowering collects what it cannot compile rather than throwing it: the first is the reason.
  if (!analysis.flow) return { ...base, states: [], transitions: [], canThrow: false, unsupported: exploded.unsupported[0]?.construct ?? "this body" };
  const bySuspension = new Map<TS.Node, Suspension>(suspensions.map((s) => [s.call, s]));
  const blocks = exploded.blocks;
  // Under yieldAtStart, the yield_s that take the first input (the analysis' rule, which the compiler uses too).
  const firstYieldOf = analysis.marker.firstYieldTakesInput ? analysis.flow.firstYields.of : new Map<never, never>();
  const firstYields = {
    get: (id: BlockId): "always" | "maybe" | undefined => {
      const t = blocks[id].term;
      return t ? firstYieldOf.get(t) : undefined;
    },
  };
  const returnsOf = embeddedReturns(ts, exploded);

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

  const transitions: Transition[] = [];
  const seenTransitions = new Set<string>();
  const add = (t: Transition): void => {
    const key = JSON.stringify(t);
    if (!seenTransitions.has(key)) transitions.push(t), seenTransitions.add(key);
  };
  let canThrow = false;
  const restart = site.kind === "coroutine.loop" ? "Start" : "Done";

  // Every state's entry block: Start's is block 0, a suspension's the block its resume continues at.
  const entries: { state: number; block: BlockId }[] = [{ state: 0, block: 0 }];
  for (const b of blocks) {
    if (b.term?.kind === "suspend" && firstYields.get(b.id) !== "always") entries.push({ state: b.term.state, block: b.term.resume });
  }
  const entered = new Set<string>(["Start"]);
  for (const entry of entries) {
    const from = classStates[entry.state];
    const input = inputAt(entry.state);
    const startsAtAwait = entry.state > 0 && suspensions[entry.state - 1]?.kind === "await_";
    const seen = new Set<BlockId>();
    const work: BlockId[] = [entry.block];
    let throws = startsAtAwait; // resuming at an await_ polls the inner future, which may throw
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const block = blocks[id];
      const next: BlockId[] = [...block.embeddedJumps];
      for (const node of returnsOf.get(id) ?? []) add({ from, to: restart, end: "return", input, output: outputOfReturn(node) });
      // A native statement that always throws or returns ends the block: what the compiler put after it never runs.
      const abrupt = block.stmts.map((st) => abruptEnd(ts, st, exploded)).find((e) => e !== undefined);
      const t = abrupt === "throw" ? ({ kind: "throw" } as const) : abrupt === "return" ? undefined : block.term;
      // What the block throws goes to its handler (a catch or finally of the body), else out of the body.
      if (t?.kind === "throw" || mayThrow(ts, block, bySuspension)) {
        const handlerEntry = block.handler === undefined ? undefined : handlerEntryOf(exploded, block.handler);
        if (handlerEntry !== undefined) next.push(handlerEntry);
        else throws = true;
      }
      if (t?.kind === "goto") next.push(t.target);
      else if (t?.kind === "branch") next.push(t.whenTrue, t.whenFalse);
      else if (t?.kind === "suspend") {
        const first = firstYields.get(id);
        if (first) next.push(t.resume); // yieldAtStart's first yield_ takes the input and runs on
        if (first !== "always") {
          const s = bySuspension.get(t.node);
          if (s?.kind === "await_") throws = true;
          add({ from, to: classStates[t.state], end: "yield", input, output: outputOfSuspension(s) });
        }
      } else if (t?.kind === "return") {
        add({ from, to: restart, end: "return", input, output: outputOfReturn(t.node) });
      }
      work.push(...next);
    }
    if (throws) {
      canThrow = true;
      add({ from, to: PANICKED, end: "throw", input });
    }
  }
  for (const t of transitions) entered.add(t.to);
  const states = classStates.filter((s) => entered.has(s));
  return { ...base, states, transitions, canThrow };
}

/** How a native statement always ends, when it always ends abruptly: by a throw or a return. */
function abruptEnd(ts: typeof TS, st: TS.Statement, exploded: ExplodeResult): "throw" | "return" | undefined {
  if (ts.isThrowStatement(st)) return "throw";
  if (ts.isReturnStatement(st) || exploded.embedded.get(st)?.kind === "return") return "return";
  if (ts.isBlock(st) && st.statements.length) return abruptEnd(ts, st.statements[st.statements.length - 1], exploded);
  if (ts.isIfStatement(st) && st.elseStatement) {
    const a = abruptEnd(ts, st.thenStatement, exploded);
    const b = abruptEnd(ts, st.elseStatement, exploded);
    return a && b ? (a === b ? a : "return") : undefined;
  }
  return undefined;
}

/** `return`s inside native statements (placeholders the emitter replaces), by block. */
function embeddedReturns(ts: typeof TS, exploded: ExplodeResult): Map<BlockId, TS.Node[]> {
  const out = new Map<BlockId, TS.Node[]>();
  if (exploded.embedded.size === 0) return out;
  for (const block of exploded.blocks) {
    const found: TS.Node[] = [];
    const visit = (n: TS.Node): void => {
      const jump = exploded.embedded.get(n);
      if (jump?.kind === "return") found.push(jump.node);
      ts.forEachChild(n, visit);
    };
    block.stmts.forEach(visit);
    if (found.length) out.set(block.id, found);
  }
  return out;
}

function handlerEntryOf(exploded: ExplodeResult, index: number): BlockId | undefined {
  const h = exploded.handlers[index];
  return h && h.kind !== "close" ? h.entry : h?.parent === undefined ? undefined : handlerEntryOf(exploded, h.parent);
}

/** Whether the block's own source code (not code the compiler made) holds a throw, call or `new`. */
function mayThrow(ts: typeof TS, block: Block, suspensions: Map<TS.Node, Suspension>): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (n.pos >= 0 && (ts.isThrowStatement(n) || ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !suspensions.has(n)))) {
      found = true;
      return;
    }
    // Functions and classes declared here do not run here.
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    ts.forEachChild(n, visit);
  };
  block.stmts.forEach(visit);
  const t = block.term;
  if (t?.kind === "branch") visit(t.cond);
  if ((t?.kind === "suspend" || t?.kind === "return") && t.value) visit(t.value);
  return found;
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
