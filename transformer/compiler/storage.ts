/**
 * Storage planning, the backend's first pass after the flow facts: which machine variables a
 * body uses, which must live in fields (live across a suspension, or seen by closures), and
 * which fields can share one slot. Pure functions of the lowered body and its graph.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { Capture, Specials } from "../../analysis/captures";
import type { Block, BlockId, Terminator } from "../../analysis/ir";
import { successors } from "../../analysis/ir";
import { exceptionEdge, type FlowFacts, type Graph } from "../../analysis/flow";
import type { LoweredBody } from "../../analysis/lower";
import { collectReads } from "../../analysis/liveness";

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

/** The used machine variables and those that need a field (the live sets come from the flow facts). */
export function planVariables(
  ts: typeof TS,
  body: LoweredBody,
  flow: Pick<FlowFacts, "graph" | "live">,
  replacements: ReadonlyMap<TS.Node, TS.Expression>,
  storage: Resolve,
): VariablePlan {
  const { blocks, embedded, handlers } = body;
  const { graph, live } = flow;
  const isMachineVar = (b: Binding) => body.machineVars.has(b);
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
  const conflicts = conflictRows(candidates, together);
  const slotOf = new Map<Binding, Binding[]>();
  const open: Binding[][] = [];
  for (const b of candidates) {
    const slot = shareable(b) ? open.find((members) => members.every((m) => !conflicts.has(b, m))) : undefined;
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

/**
 * Which candidates interfere: two do when one group holds both. Rows of bits over the candidates,
 * filled from the distinct groups only: blocks of one region mostly have the same live set, and
 * pairing the members of every block's group took ~n³ for n nested try/finally blocks.
 */
function conflictRows(candidates: readonly Binding[], groups: readonly ReadonlySet<Binding>[]): { has(a: Binding, b: Binding): boolean } {
  const index = new Map<Binding, number>(candidates.map((b, i) => [b, i]));
  const words = Math.ceil(candidates.length / 32);
  const distinct = new Map<string, number[]>();
  for (const group of groups) {
    const members: number[] = [];
    for (const b of group) {
      const i = index.get(b);
      if (i !== undefined) members.push(i);
    }
    if (members.length < 2) continue;
    members.sort((x, y) => x - y);
    distinct.set(members.join(","), members);
  }
  const rows = new Uint32Array(candidates.length * words);
  const bits = new Uint32Array(words);
  for (const members of distinct.values()) {
    bits.fill(0);
    for (const i of members) bits[i >>> 5] |= 1 << (i & 31);
    for (const i of members) {
      const row = i * words;
      for (let w = 0; w < words; w++) rows[row + w] |= bits[w];
    }
  }
  return {
    has(a, b) {
      const i = index.get(a)!;
      const j = index.get(b)!;
      return i !== j && (rows[i * words + (j >>> 5)] & (1 << (j & 31))) !== 0;
    },
  };
}

/** Members of the machine bases that a saved local must not shadow. */
const RESERVED_FIELDS = new Set([
  "_state",
  "state",
  "done",
  "panicked",
  "resume",
  "next",
  "poll",
  "throw",
  "return",
  "clone",
  "snapshot",
  "restore",
  "constructor",
  "returnResult",
  "__proto__",
]);

export interface StorageInput {
  ts: typeof TS;
  site: Site;
  exploded: LoweredBody;
  graph: Graph;
  live: ReadonlyMap<BlockId, ReadonlySet<Binding>>;
  fieldVars: ReadonlySet<Binding>;
  usedVars: ReadonlySet<Binding>;
  storage: Resolve;
  /** The reachable suspensions, by state. */
  suspends: readonly (Terminator & { kind: "suspend" })[];
  states: readonly string[];
  needsFirstFlag: boolean;
  captures: readonly Capture[];
  specials: Specials;
  reservedNames: ReadonlySet<string>;
}

/** Where every value of the body lives in the class, and the names of resume's own locals. */
export interface StoragePlan {
  /** A fresh local name of resume (the later passes take more: the output temp, environments). */
  fresh(base: string): string;
  /** A fresh field name of the instance. */
  freshField(base: string): string;
  readonly inputName: string;
  readonly stateName: string;
  readonly dispatchLabel: string;
  readonly selfName: string;
  readonly firstName: string;
  readonly errorName: string;
  /** Machine variables kept in fields (slot-shared ones map to one name). */
  readonly fieldOf: ReadonlyMap<Binding, string>;
  /** Machine variables kept in locals of resume. */
  readonly localOf: ReadonlyMap<Binding, string>;
  /** Captures passed by value: their fields. */
  readonly captureField: ReadonlyMap<Binding, string>;
  /** The field of the accessor object for the captures passed by reference. */
  readonly accessorField: string | undefined;
  readonly thisField: string | undefined;
  readonly argumentsField: string | undefined;
  readonly newTargetField: string | undefined;
  readonly superField: string | undefined;
  /** The saved-local fields, in order (the class's static `locals`). */
  readonly fields: readonly string[];
  /** Per state before Done: the indices into `fields` live there (static `liveLocals`). */
  readonly liveLocals: readonly (readonly number[])[];
  /** Fields that start as undefined (read before written); the others start as 0. */
  readonly startsUndefined: ReadonlySet<string>;
  /** Fields a coroutine.loop round resets to undefined when it starts again. */
  readonly restartResets: readonly string[];
}

/** Plan the storage of a body (planStorage in docs/architecture.md). */
export function planStorage(input: StorageInput): StoragePlan {
  const { ts, site, exploded, graph, live, fieldVars, usedVars, storage, suspends, states, needsFirstFlag, captures, specials, reservedNames } = input;
  const taken = new Set(reservedNames);
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const fieldNames = new Set<string>(RESERVED_FIELDS);
  const freshField = (base: string): string => {
    let name = base;
    for (let i = 1; fieldNames.has(name); i++) name = `${base}_${i}`;
    fieldNames.add(name);
    return name;
  };
  const inputName = fresh("input");
  const stateName = fresh("state");
  const dispatchLabel = fresh("dispatch");
  const selfName = fresh("self");
  const firstName = needsFirstFlag ? fresh("first") : "";
  const errorName = fresh("e");

  const fieldOf = new Map<Binding, string>();
  const localOf = new Map<Binding, string>();
  // Deterministic order: source order of declaration, temps after in creation order.
  const ordered = [...usedVars].sort((a, b) => (a.declaration?.pos ?? 1e9 + a.id) - (b.declaration?.pos ?? 1e9 + b.id));
  const slots = shareSlots(ts, exploded, graph, live, storage, ordered.filter((b) => fieldVars.has(b) && b !== exploded.input));
  const slotName = new Map<Binding[], string>();
  for (const b of ordered) {
    if (b === exploded.input) continue;
    if (fieldVars.has(b)) {
      const slot = slots.get(b)!;
      let name = slotName.get(slot);
      if (name === undefined) {
        const names = [...new Set(slot.map((x) => x.name))];
        name = freshField(names.length > 3 ? `${names.slice(0, 3).join("_or_")}_etc` : names.join("_or_"));
        slotName.set(slot, name);
      }
      fieldOf.set(b, name);
    } else localOf.set(b, fresh(b.name));
  }
  const captureField = new Map<Binding, string>();
  let accessorField: string | undefined;
  for (const c of captures) {
    if (c.byValue) captureField.set(c.binding, freshField(c.binding.name));
    else accessorField ??= freshField("outer");
  }
  // An arrow body sees the enclosing function's this, arguments, new.target and super: captured
  // at the site. A function-expression body is called with no receiver (this and new.target are
  // undefined) and arguments is [first input] (or [] when there is no parameter).
  const arrow = ts.isArrowFunction(site.body);
  const sp = specials;
  const thisField = arrow && sp.this ? freshField("outerThis") : undefined;
  const argumentsField = arrow && sp.arguments ? freshField("outerArguments") : undefined;
  const newTargetField = arrow && sp.newTarget ? freshField("outerNewTarget") : undefined;
  const superField = arrow && sp.super ? freshField("outerSuper") : undefined;

  // ---- which saved locals each state needs: the fields of snapshot() and restore() ----
  const fields = [...new Set(fieldOf.values())];
  const fieldIndex = new Map(fields.map((name, i) => [name, i]));
  /** Fields any code may read at any time: closures' captured locals and `arguments`. */
  const alwaysLive = new Set<string>();
  for (const [b, name] of fieldOf) if (b.captured || b === exploded.argumentsVar) alwaysLive.add(name);
  const liveFields = (ids: (BlockId | undefined)[]): number[] => {
    const on = fields.map((name) => alwaysLive.has(name));
    for (const id of ids) {
      for (const b of (id !== undefined && live.get(id)) || []) {
        const name = fieldOf.get(b);
        if (name !== undefined) on[fieldIndex.get(name)!] = true;
      }
    }
    const indices: number[] = [];
    on.forEach((yes, i) => yes && indices.push(i));
    return indices;
  };
  /** Where a resume at each state can start: Start's entry; a suspension's resume, throw() and return() entries. */
  const entryBlocks: (BlockId | undefined)[][] = states.slice(0, -1).map(() => []);
  entryBlocks[0].push(0);
  for (const t of suspends) entryBlocks[t.state].push(t.resume, t.throwEntry, t.returnEntry);
  const liveLocals = entryBlocks.map(liveFields);
  const startsUndefined = new Set<string>(liveLocals[0].map((i) => fields[i]));
  // A loop body starts again as a fresh call: what it reads before writing (a `var`) must be
  // undefined again, not what the last round left. (Closures of the last round keep the fields.)
  const restartResets = site.spec.restartsOnReturn ? [...startsUndefined].filter((name) => !alwaysLive.has(name)) : [];

  return {
    fresh,
    freshField,
    inputName,
    stateName,
    dispatchLabel,
    selfName,
    firstName,
    errorName,
    fieldOf,
    localOf,
    captureField,
    accessorField,
    thisField,
    argumentsField,
    newTargetField,
    superField,
    fields,
    liveLocals,
    startsUndefined,
    restartResets,
  };
}
