/**
 * Resume paths: from each state, the ways one `resume(input)` can end (at which suspension, by a
 * return, or by an exception out of the body). One walk of the block graph that the flow facts
 * (transitions, maxResumes) and `stackless graph` (labelled edges) both read.
 */
import type * as TS from "typescript";
import type { Suspension } from "./markers";
import type { Block, BlockId, EmbeddedJump, Handler, Terminator } from "./ir";

/** One way a resume from `from` ends. States are indices into the state table (Done is the last). */
export interface ResumePath {
  readonly from: number;
  /** The state the instance is left in; "panicked" for an exception out of the body. */
  readonly to: number | "panicked";
  readonly end: "yield" | "return" | "throw";
  /**
   * What ends it: the suspension's call (yield), the `return` statement or expression (return;
   * undefined for falling off the end), nothing (throw).
   */
  readonly node?: TS.Node;
}

/** The parts of a lowered body (and its site) the walk reads. */
export interface PathInput {
  readonly blocks: readonly Block[];
  readonly handlers: readonly Handler[];
  readonly embedded: ReadonlyMap<TS.Node, EmbeddedJump>;
  readonly suspensions: readonly Suspension[];
  /** coroutine.loop: a return leaves the instance in Start. */
  readonly restartsOnReturn: boolean;
  /** Under coroutine.yieldAtStart, the yield_s that take the first input instead of suspending. */
  readonly firstYields: ReadonlyMap<Terminator, "always" | "maybe">;
  /** The index of Done in the state table. */
  readonly done: number;
}

/**
 * Every resume path, by state in entry order (Start, then the suspensions in block order), each
 * state's paths in the order the walk meets them, one "throw" path last where a resume can throw
 * out of the body (a `throw`, or a call, `new` or poll that no handler of the body catches).
 * Only `resume(input)`: `throw()` and `return()` enter at other blocks and are not followed.
 */
export function resumePaths(ts: typeof TS, body: PathInput): ResumePath[] {
  const { blocks } = body;
  const bySuspension = new Map<TS.Node, Suspension>(body.suspensions.map((s) => [s.call, s]));
  const firstYield = (id: BlockId): "always" | "maybe" | undefined => {
    const t = blocks[id].term;
    return t ? body.firstYields.get(t) : undefined;
  };
  const restart = body.restartsOnReturn ? 0 : body.done;
  const paths: ResumePath[] = [];

  // Every state's entry block: Start's is block 0, a suspension's the block its resume continues at.
  const entries: { state: number; block: BlockId }[] = [{ state: 0, block: 0 }];
  for (const b of blocks) {
    if (b.term?.kind === "suspend" && firstYield(b.id) !== "always") entries.push({ state: b.term.state, block: b.term.resume });
  }
  // What the walk needs of each block, found once (walking the syntax of every block from every
  // state made a flat body of 2,000 conditional yields take seconds): how it ends, whether its
  // own code may throw, the returns embedded in it.
  const ends = blocks.map((block) => blockEnd(ts, block, body, bySuspension));
  for (const entry of entries) {
    const from = entry.state;
    const seen = new Set<BlockId>();
    const work: BlockId[] = [entry.block];
    // Resuming at an await_ polls the inner future, which may throw.
    let throws = entry.state > 0 && body.suspensions[entry.state - 1]?.kind === "await_";
    while (work.length) {
      const id = work.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const block = blocks[id];
      const { term: t, throwsTo, returns } = ends[id];
      const next: BlockId[] = [...block.embeddedJumps];
      for (const node of returns) paths.push({ from, to: restart, end: "return", node });
      if (throwsTo === "out") throws = true;
      else if (throwsTo !== undefined) next.push(throwsTo);
      if (t?.kind === "goto") next.push(t.target);
      else if (t?.kind === "branch") next.push(t.whenTrue, t.whenFalse);
      else if (t?.kind === "suspend") {
        const first = firstYield(id);
        if (first) next.push(t.resume); // yieldAtStart's first yield_ takes the input and runs on
        if (first !== "always") {
          if (bySuspension.get(t.node)?.kind === "await_") throws = true;
          paths.push({ from, to: t.state, end: "yield", node: t.node });
        }
      } else if (t?.kind === "return") {
        paths.push({ from, to: restart, end: "return", node: t.node });
      }
      work.push(...next);
    }
    if (throws) paths.push({ from, to: "panicked", end: "throw" });
  }
  return paths;
}

/** How one block ends, as the walk of every state reads it. */
interface BlockEnd {
  /** The terminator that counts: a native statement that always throws or returns ends the block first. */
  readonly term: Terminator | { kind: "throw" } | undefined;
  /** Where what the block throws goes: its handler's entry, "out" of the body, or nowhere (it cannot throw). */
  readonly throwsTo: BlockId | "out" | undefined;
  /** `return`s inside its native statements (placeholders the emitter replaces). */
  readonly returns: readonly TS.Node[];
}

function blockEnd(ts: typeof TS, block: Block, body: PathInput, suspensions: ReadonlyMap<TS.Node, Suspension>): BlockEnd {
  // A native statement that always throws or returns ends the block: what the compiler put after it never runs.
  const abrupt = block.stmts.map((st) => abruptEnd(ts, st, body.embedded)).find((e) => e !== undefined);
  const term = abrupt === "throw" ? ({ kind: "throw" } as const) : abrupt === "return" ? undefined : block.term;
  let throwsTo: BlockId | "out" | undefined;
  // What the block throws goes to its handler (a catch or finally of the body), else out of the body.
  if (term?.kind === "throw" || mayThrow(ts, block, suspensions)) {
    throwsTo = (block.handler === undefined ? undefined : handlerEntryOf(body.handlers, block.handler)) ?? "out";
  }
  return { term, throwsTo, returns: embeddedReturns(ts, block, body.embedded) };
}

/** How a native statement always ends, when it always ends abruptly: by a throw or a return. */
function abruptEnd(ts: typeof TS, st: TS.Statement, embedded: ReadonlyMap<TS.Node, EmbeddedJump>): "throw" | "return" | undefined {
  if (ts.isThrowStatement(st)) return "throw";
  if (ts.isReturnStatement(st) || embedded.get(st)?.kind === "return") return "return";
  if (ts.isBlock(st) && st.statements.length) return abruptEnd(ts, st.statements[st.statements.length - 1], embedded);
  if (ts.isIfStatement(st) && st.elseStatement) {
    const a = abruptEnd(ts, st.thenStatement, embedded);
    const b = abruptEnd(ts, st.elseStatement, embedded);
    return a && b ? (a === b ? a : "return") : undefined;
  }
  return undefined;
}

/** `return`s inside a block's native statements (placeholders the emitter replaces). */
function embeddedReturns(ts: typeof TS, block: Block, embedded: ReadonlyMap<TS.Node, EmbeddedJump>): TS.Node[] {
  const found: TS.Node[] = [];
  if (embedded.size === 0) return found;
  const visit = (n: TS.Node): void => {
    const jump = embedded.get(n);
    if (jump?.kind === "return") found.push(jump.node);
    ts.forEachChild(n, visit);
  };
  block.stmts.forEach(visit);
  return found;
}

function handlerEntryOf(handlers: readonly Handler[], index: number): BlockId | undefined {
  const h = handlers[index];
  return h && h.kind !== "close" ? h.entry : h?.parent === undefined ? undefined : handlerEntryOf(handlers, h.parent);
}

/** Whether the block's own source code (not code the compiler made) holds a throw, call or `new` that no native `catch` of the block catches. */
function mayThrow(ts: typeof TS, block: Block, suspensions: ReadonlyMap<TS.Node, Suspension>): boolean {
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (n.pos >= 0 && (ts.isThrowStatement(n) || ((ts.isCallExpression(n) || ts.isNewExpression(n)) && !suspensions.has(n)))) {
      found = true;
      return;
    }
    // Functions and classes declared here do not run here.
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    // A native try with a catch keeps what its try block throws inside the body.
    if (ts.isTryStatement(n) && n.catchClause) {
      visit(n.catchClause.block);
      if (n.finallyBlock) visit(n.finallyBlock);
      return;
    }
    ts.forEachChild(n, visit);
  };
  block.stmts.forEach(visit);
  const t = block.term;
  if (t?.kind === "branch") visit(t.cond);
  if ((t?.kind === "suspend" || t?.kind === "return") && t.value) visit(t.value);
  return found;
}
