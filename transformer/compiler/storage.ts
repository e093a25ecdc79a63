/**
 * Storage planning, the backend's first pass after the flow facts: which machine variables a
 * body uses, which must live in fields (live across a suspension, or seen by closures), and
 * which fields can share one slot. Pure functions of the lowered body and its graph.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Block, BlockId } from "../../analysis/ir";
import { successors } from "../../analysis/ir";
import { exceptionEdge, type Graph } from "../../analysis/flow";
import type { LoweredBody } from "../../analysis/lower";
import { collectReads, liveIn } from "./liveness";

type Resolve = (id: TS.Identifier) => Binding | undefined;

export interface VariablePlan {
  /** Live-in sets of the machine variables (not the input) at every reachable block. */
  readonly live: ReadonlyMap<BlockId, ReadonlySet<Binding>>;
  /** Machine variables that need a field: live on entry to a resume block, captured, or `arguments`. */
  readonly fieldVars: ReadonlySet<Binding>;
  /** Machine variables the reachable code (and the handlers) use. */
  readonly usedVars: ReadonlySet<Binding>;
}

/** Calls `out` with the storage binding of every identifier in a block's statements and terminator (embedded jumps' code too). */
export function forEachReferenceIn(ts: typeof TS, body: LoweredBody, b: Block, storage: Resolve, out: (b: Binding) => void): void {
  const visit = (n: TS.Node): void => collectReads(ts, n, storage, body.embedded, out);
  for (const st of b.stmts) visit(st);
  const t = b.term;
  if (t?.kind === "branch") visit(t.cond);
  if ((t?.kind === "suspend" || t?.kind === "return") && t.value) visit(t.value);
}

/** The live sets, the used machine variables and those that need a field. */
export function planVariables(
  ts: typeof TS,
  body: LoweredBody,
  graph: Graph,
  replacements: ReadonlyMap<TS.Node, TS.Expression>,
  resolve: Resolve,
  storage: Resolve,
): VariablePlan {
  const { blocks, embedded, handlers } = body;
  const isMachineVar = (b: Binding) => body.machineVars.has(b);
  const live = liveIn(ts, blocks, graph, storage, embedded, (b) => isMachineVar(b) && b !== body.input, handlers, (id) => {
    const b = resolve(id);
    return !!b && !body.boxed.has(b);
  });
  const fieldVars = new Set<Binding>();
  for (const r of graph.resumeBlocks) for (const b of live.get(r) ?? []) fieldVars.add(b);
  const usedVars = new Set<Binding>();
  const noteUse = (b: Binding) => {
    if (isMachineVar(b)) usedVars.add(b);
  };
  for (const id of graph.reachable) forEachReferenceIn(ts, body, blocks[id], storage, noteUse);
  for (const e of replacements.values()) collectReads(ts, e, storage, embedded, noteUse);
  for (const h of handlers) {
    if (h.kind === "close") usedVars.add(h.iterator);
    else if (h.kind === "catch") usedVars.add(h.error);
    else usedVars.add(h.completion).add(h.value);
  }
  for (const b of usedVars) if (b.captured && b !== body.input) fieldVars.add(b);
  // `arguments` of a function-expression body is read through rewritten identifiers the
  // liveness walk cannot see: keep it in a field.
  if (body.argumentsVar) {
    usedVars.add(body.argumentsVar);
    fieldVars.add(body.argumentsVar);
  }
  return { live, fieldVars, usedVars };
}

/**
 * Field slots: saved locals whose lifetimes never overlap share one field (the tokenizer's `v`
 * and `h` become `v_or_h`), as a register allocator would. Two interfere when both are live or
 * used in one block, or one is written on an exception edge into a block where the other is
 * live; greedy colouring in declaration order. Locals closures see, per-iteration environments
 * and `arguments` keep fields of their own. Returns each candidate's slot (the bindings sharing it).
 */
export function shareSlots(
  ts: typeof TS,
  body: LoweredBody,
  graph: Graph,
  live: ReadonlyMap<BlockId, ReadonlySet<Binding>>,
  storage: Resolve,
  candidates: Binding[],
): Map<Binding, Binding[]> {
  const { blocks, handlers } = body;
  const envs = new Set(body.boxed.values());
  const shareable = (b: Binding) => !b.captured && !envs.has(b) && b !== body.argumentsVar;
  const fieldSet = new Set(candidates);
  const together: Set<Binding>[] = [];
  for (const id of graph.reachable) {
    const blk = blocks[id];
    const here = new Set<Binding>(live.get(id));
    for (const s of [...successors(blk.term), ...blk.embeddedJumps]) for (const x of live.get(s) ?? []) here.add(x);
    forEachReferenceIn(ts, body, blk, storage, (b) => {
      if (fieldSet.has(b)) here.add(b);
    });
    const edge = exceptionEdge(handlers, blk.handler);
    edge.reads.forEach((r) => here.add(r));
    together.push(here);
    for (const target of edge.targets) together.push(new Set([...edge.writes, ...(live.get(target) ?? [])]));
  }
  const conflicts = new Map<Binding, Set<Binding>>();
  for (const group of together) {
    for (const a of group) {
      if (!fieldSet.has(a)) continue;
      let c = conflicts.get(a);
      if (!c) conflicts.set(a, (c = new Set()));
      for (const b of group) if (b !== a) c.add(b);
    }
  }
  const slotOf = new Map<Binding, Binding[]>();
  const open: Binding[][] = [];
  for (const b of candidates) {
    const c = conflicts.get(b);
    const slot = shareable(b) ? open.find((members) => members.every((m) => !c?.has(m))) : undefined;
    if (slot) slot.push(b);
    else {
      const fresh = [b];
      if (shareable(b)) open.push(fresh);
      slotOf.set(b, fresh);
    }
    if (slot) slotOf.set(b, slot);
  }
  return slotOf;
}
