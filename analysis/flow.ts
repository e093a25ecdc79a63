/**
 * Facts about a lowered body's block graph: what is reachable, where each resume starts, which
 * `yield_` runs first, and the state-to-state transitions. Pure functions of the IR: nothing here
 * writes into the blocks.
 */
import type * as TS from "typescript";
import type { Binding } from "./scopes";
import type { Block, BlockId, EmbeddedJump, Handler, Terminator } from "./ir";
import { successors } from "./ir";
import { liveIn } from "./liveness";
import type { Suspension } from "./markers";
import { resumePaths, type ResumePath } from "./transitions";

/** Where an exception thrown in a block with handler `h` can go next, and what the routing writes/reads. */
export function exceptionEdge(handlers: readonly Handler[], h: number | undefined): { targets: BlockId[]; writes: Binding[]; reads: Binding[] } {
  const targets: BlockId[] = [];
  const writes: Binding[] = [];
  const reads: Binding[] = [];
  while (h !== undefined) {
    const handler = handlers[h];
    if (handler.kind === "close") {
      reads.push(handler.iterator);
      h = handler.parent;
      continue;
    }
    targets.push(handler.entry);
    if (handler.kind === "catch") writes.push(handler.error);
    else writes.push(handler.completion, handler.value);
    break;
  }
  return { targets, writes, reads };
}

/** Every successor of a block: its terminator's, its embedded jumps', its handler's. */
export function blockSuccessors(b: Block, handlers: readonly Handler[]): BlockId[] {
  return [...successors(b.term), ...b.embeddedJumps, ...exceptionEdge(handlers, b.handler).targets];
}

export interface Graph {
  /** Blocks reachable from Start (through suspensions too). */
  readonly reachable: ReadonlySet<BlockId>;
  /** Number of incoming edges from reachable blocks. */
  readonly preds: ReadonlyMap<BlockId, number>;
  /** Resume blocks: where a resume after a suspension starts. */
  readonly resumeBlocks: ReadonlySet<BlockId>;
}

export function analyzeGraph(blocks: readonly Block[], handlers: readonly Handler[]): Graph {
  const reachable = new Set<BlockId>();
  const preds = new Map<BlockId, number>();
  const resumeBlocks = new Set<BlockId>();
  const work: BlockId[] = [0];
  reachable.add(0);
  while (work.length) {
    const b = blocks[work.pop()!];
    const succ = blockSuccessors(b, handlers);
    if (b.term?.kind === "suspend") resumeBlocks.add(b.term.resume);
    for (const s of succ) {
      preds.set(s, (preds.get(s) ?? 0) + 1);
      if (!reachable.has(s)) {
        reachable.add(s);
        work.push(s);
      }
    }
  }
  return { reachable, preds, resumeBlocks };
}

/** Under coroutine.yieldAtStart, which suspensions take the first input instead of suspending. */
export interface FirstYields {
  /** "always": certainly the first yield_ executed; "maybe": only a run-time flag can tell. */
  readonly of: ReadonlyMap<Terminator, "always" | "maybe">;
  /** Whether any is "maybe" (the class then needs the flag). */
  readonly needsFlag: boolean;
}

/** Blocks reachable from `starts`; `throughSuspensions`: also past a suspend into its resume block. */
function reachFrom(blocks: readonly Block[], starts: BlockId[], throughSuspensions: boolean): Set<BlockId> {
  const seen = new Set<BlockId>(starts);
  const work = [...starts];
  while (work.length) {
    const b = blocks[work.pop()!];
    const t = b.term;
    const next: BlockId[] = [...b.embeddedJumps];
    if (t?.kind === "goto") next.push(t.target);
    if (t?.kind === "branch") next.push(t.whenTrue, t.whenFalse);
    if (t?.kind === "suspend" && throughSuspensions) next.push(t.resume);
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        work.push(n);
      }
    }
  }
  return seen;
}

/**
 * The yield_s reachable from Start without passing another one: under coroutine.yieldAtStart
 * they take the first input instead of suspending. If one can also be reached later, a run-time
 * flag decides.
 */
export function firstYields(blocks: readonly Block[], graph: { reachable: ReadonlySet<BlockId> }): FirstYields {
  // Blocks that run before any yield_ has run: from Start, not past a suspend.
  const beforeAny = reachFrom(blocks, [0], false);
  // Blocks that run after some yield_ has run: everything reachable from a resume block.
  const resumes: BlockId[] = [];
  for (const id of graph.reachable) {
    const t = blocks[id].term;
    if (t?.kind === "suspend") resumes.push(t.resume);
  }
  const afterSome = reachFrom(blocks, resumes, true);
  const of = new Map<Terminator, "always" | "maybe">();
  let needsFlag = false;
  for (const id of beforeAny) {
    const t = blocks[id].term;
    if (t?.kind !== "suspend") continue;
    if (afterSome.has(id)) {
      of.set(t, "maybe");
      needsFlag = true;
    } else {
      of.set(t, "always");
    }
  }
  return { of, needsFlag };
}

/** What the analysis knows of a body's control flow, per state (0 = Start, last = Done). */
export interface FlowFacts {
  readonly graph: Graph;
  /** Live-in sets of the machine variables (not the input) at every reachable block. */
  readonly live: ReadonlyMap<BlockId, ReadonlySet<Binding>>;
  /**
   * Per state before Done, the machine variables a resume from it may read before writing: what
   * the instance saves at that state (declaration order). Closures' captured locals are saved too,
   * at every state, though only some states read them.
   */
  readonly savedLocals: ReadonlyMap<number, readonly Binding[]>;
  /** The suspensions that can run before any other (coroutine.yieldAtStart's rule reads them). */
  readonly firstYields: FirstYields;
  /** The state of each first yield_: "always" first on every path that reaches it, "maybe" on some. */
  readonly firstYieldStates: ReadonlyMap<number, "always" | "maybe">;
  /** Whether running off the end of the body (no `return`) can happen. */
  readonly endReachable: boolean;
  /** States some run can be in (Start, the suspensions that can run, Done if the body can end). */
  readonly reachableStates: ReadonlySet<number>;
  /** From each state, the ways one `resume(input)` can end (see analysis/transitions.ts). */
  readonly resumePaths: readonly ResumePath[];
  /**
   * For each state, the states a resume from it can leave the instance in: the next suspensions
   * reached without passing another, Done when it can return or throw (a `throw`, or a call that
   * nothing in the body catches), Start under coroutine.loop's return. From `resumePaths`.
   */
  readonly transitions: ReadonlyMap<number, ReadonlySet<number>>;
  /** The most resumes a run takes to reach Done, when no loop passes a suspension; else undefined. */
  readonly maxResumes: number | undefined;
}

/** The longest path from Start to Done in the transitions, or undefined if a cycle can be reached. */
function longestRun(transitions: ReadonlyMap<number, ReadonlySet<number>>, done: number): number | undefined {
  const memo = new Map<number, number | undefined>();
  const visiting = new Set<number>();
  const from = (s: number): number | undefined => {
    if (s === done) return 0;
    if (memo.has(s)) return memo.get(s);
    if (visiting.has(s)) return undefined;
    visiting.add(s);
    let best = 0;
    let bounded = true;
    for (const n of transitions.get(s) ?? []) {
      const rest = from(n);
      if (rest === undefined) bounded = false;
      else best = Math.max(best, rest + 1);
    }
    visiting.delete(s);
    const r = bounded ? best : undefined;
    memo.set(s, r);
    return r;
  };
  return from(0);
}

/** The parts of a lowered body the flow facts read. */
export interface FlowInput {
  readonly blocks: readonly Block[];
  readonly handlers: readonly Handler[];
  readonly embedded: ReadonlyMap<TS.Node, EmbeddedJump>;
  readonly machineVars: ReadonlySet<Binding>;
  readonly input: Binding;
  readonly boxed: ReadonlyMap<Binding, Binding>;
  readonly refs: ReadonlyMap<TS.Identifier, Binding>;
}

/** Live-in sets over the body's machine variables, identifiers resolved through `fileRefs` too. */
function liveness(ts: typeof TS, body: FlowInput, graph: Graph, fileRefs: ReadonlyMap<TS.Identifier, Binding>): Map<BlockId, Set<Binding>> {
  const resolve = (id: TS.Identifier): Binding | undefined => body.refs.get(id) ?? fileRefs.get(id);
  /** Where a binding's value lives: boxed per-iteration bindings live in their environment object. */
  const storage = (id: TS.Identifier): Binding | undefined => {
    const b = resolve(id);
    return b && (body.boxed.get(b) ?? b);
  };
  return liveIn(ts, body.blocks, graph, storage, body.embedded, (b) => body.machineVars.has(b) && b !== body.input, body.handlers, (id) => {
    const b = resolve(id);
    return !!b && !body.boxed.has(b);
  });
}

/** Flow facts of a lowered body with `states` states before Done (Start and one per suspension). */
export function flowFacts(
  ts: typeof TS,
  body: FlowInput,
  fileRefs: ReadonlyMap<TS.Identifier, Binding>,
  suspensions: readonly Suspension[],
  marker: { restartsOnReturn: boolean; firstYieldTakesInput: boolean },
): FlowFacts {
  const graph = analyzeGraph(body.blocks, body.handlers);
  const live = liveness(ts, body, graph, fileRefs);
  const first = firstYields(body.blocks, graph);
  const done = suspensions.length + 1;
  const firstYieldStates = new Map<number, "always" | "maybe">();
  for (const [t, how] of first.of) if (t.kind === "suspend") firstYieldStates.set(t.state, how);
  // The entries of each state: block 0 for Start; the resume (and throw/return entries) of its suspends.
  const entries = new Map<number, BlockId[]>([[0, [0]]]);
  let endReachable = false;
  for (const id of graph.reachable) {
    const t = body.blocks[id].term;
    if (t?.kind === "suspend") {
      const list = entries.get(t.state) ?? [];
      list.push(t.resume, ...(t.throwEntry !== undefined ? [t.throwEntry] : []), ...(t.returnEntry !== undefined ? [t.returnEntry] : []));
      entries.set(t.state, list);
    }
    // Falling off the end is the one return with neither a statement nor a value (a finally passing a
    // `return v` on has no statement either, but carries the value).
    if (t?.kind === "return" && t.node === undefined && t.value === undefined) endReachable = true;
  }
  // The resume paths (and what is read from them) are made on first read: there can be one per
  // pair of states (a flat body of n conditional yield_s has n²/2), and neither the compiler nor
  // the editor's diagnostics read them; `stackless graph` and the tests do.
  const pathFacts = once(() => {
    const paths = resumePaths(ts, {
      ...body,
      suspensions,
      restartsOnReturn: marker.restartsOnReturn,
      firstYields: marker.firstYieldTakesInput ? first.of : new Map(),
      done,
    });
    const transitions = new Map<number, Set<number>>();
    for (const [state] of entries) transitions.set(state, new Set());
    for (const p of paths) transitions.get(p.from)?.add(p.to === "panicked" ? done : p.to);
    const reachableStates = new Set<number>([0, ...[...transitions.values()].flatMap((s) => [...s])]);
    return { paths, transitions, reachableStates, maxResumes: longestRun(transitions, done) };
  });
  const savedLocals = new Map<number, readonly Binding[]>();
  // Found once, not per state: a flat body has as many states as locals.
  const captured = [...body.machineVars].filter((b) => b.captured && b !== body.input);
  for (const [state, from] of entries) {
    const saved = new Set<Binding>();
    for (const id of from) for (const b of live.get(id) ?? []) saved.add(b);
    for (const b of captured) saved.add(b);
    savedLocals.set(state, [...saved].sort((a, b) => (a.declaration?.pos ?? 1e9 + a.id) - (b.declaration?.pos ?? 1e9 + b.id)));
  }
  return {
    graph,
    live,
    savedLocals,
    firstYields: first,
    firstYieldStates,
    endReachable,
    get reachableStates() {
      return pathFacts().reachableStates;
    },
    get resumePaths() {
      return pathFacts().paths;
    },
    get transitions() {
      return pathFacts().transitions;
    },
    get maxResumes() {
      return pathFacts().maxResumes;
    },
  };
}

/** `make`'s result, made on the first call (the object holding the getters can be frozen: the memo lives here). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
