/**
 * Case layout, the backend's pass between storage planning and printing: which blocks become
 * cases of resume's `switch` and under which labels, which blocks are inlined into the case that
 * reaches them, where code jumps (`state = N; continue dispatch`), the throw()/return() entries,
 * and whether tagged templates' strings objects must be held by the class. A pure function of the
 * lowered body, its flow facts and the storage plan; its product says what each case runs, as a
 * tree of blocks, before any statement of resume is made (print-cases.ts prints it).
 *
 * An optimisation that changes what runs where (more or less inlining, other entries) belongs
 * here or in a pass over the CaseLayout product between this one and printCases.
 */
import type * as TS from "typescript";
import type { Block, BlockId, Terminator } from "../../analysis/ir";
import type { Graph } from "../../analysis/flow";
import type { FirstYields } from "../../analysis/flow";
import type { LoweredBody } from "../../analysis/lower";
import type { References } from "./references";

type Suspend = Terminator & { kind: "suspend" };

/** Where control goes from the end of a block: the target's code inlined, or a jump to its case. */
export type Flow = { readonly kind: "inline"; readonly code: BlockCode } | { readonly kind: "jump"; readonly target: BlockId; readonly label: number };

/** One block as printed in one place: its statements, then what its terminator becomes. */
export interface BlockCode {
  readonly block: BlockId;
  readonly term: TermCode;
}

export type TermCode =
  | { readonly kind: "goto"; readonly next: Flow }
  /** `if (cond) { whenTrue } whenFalse` */
  | { readonly kind: "branch"; readonly cond: TS.Expression; readonly whenTrue: Flow; readonly whenFalse: Flow }
  /**
   * A suspension; under the yieldAtStart rule a first yield_ (`first`) takes the input and runs on
   * at `take` instead ("always"), or does so only while the run-time flag says it is first ("maybe").
   */
  | { readonly kind: "suspend"; readonly term: Suspend; readonly first: "always" | "maybe" | undefined; readonly take: Flow | undefined }
  | { readonly kind: "return"; readonly term: Terminator & { kind: "return" } }
  | { readonly kind: "throw" };

/** One case of the switch, before cases with the same code are merged. */
export interface CasePlan {
  readonly label: number;
  /** The comment of the case: its state, `throw() at X`, `return() at X` or `join`. */
  readonly name: string;
  /** The handler its code runs under (a try around the case routes exceptions to it). */
  readonly handler: number | undefined;
  readonly code: BlockCode;
}

export interface CaseLayout {
  /** The label of every block that has a case (states 0…lastResumable are their own labels). */
  readonly labelOf: ReadonlyMap<BlockId, number>;
  /** The cases in the order they are printed: entries by label, then joins as they were first reached. */
  readonly cases: readonly CasePlan[];
  /** Per state before Done: the label of its throw() entry, or 0 (static `throwEntries`). */
  readonly throwEntries: readonly number[];
  /** Per state before Done: the label of its return() entry, or 0 (static `returnEntries`). */
  readonly returnEntries: readonly number[];
  /** Whether any code jumps to a case (then the switch sits in `dispatch: for (;;)`). */
  readonly usesDispatch: boolean;
  /** Whether a tagged template is printed in two places: then every strings object is held by the class. */
  readonly hoistTemplates: boolean;
}

export interface LayoutInput {
  ts: typeof TS;
  exploded: LoweredBody;
  graph: Graph;
  states: readonly string[];
  /** The reachable suspensions, by state. */
  suspends: readonly Suspend[];
  /** The first yields (empty unless the marker's first yield_ takes the input). */
  firstYields: FirstYields;
  /** Compiled nested sites: the marker call → the expression that replaces it. */
  replacements: ReadonlyMap<TS.Node, TS.Expression>;
  refs: References;
  /** Whether the rewrite replaces a reference to `b` (it then visits a shorthand property's initializer). */
  hasReference: (b: NonNullable<ReturnType<References["resolve"]>>) => boolean;
}

/** How much code inlining may copy into more than one place, in statements. */
const DUPLICATION_BUDGET = 64;

/** Lay out the cases of a body (layoutCases in docs/architecture.md). */
export function layoutCases(input: LayoutInput): CaseLayout {
  const { exploded, graph, states, suspends } = input;
  const { blocks } = exploded;
  const labels = newLabels(states, suspends);
  const entryBlocks = (id: BlockId) => id === 0 || graph.resumeBlocks.has(id) || labels.resumeEntries.has(id);
  const embeddedTargets = new Set<BlockId>();
  for (const id of graph.reachable) for (const t of blocks[id].embeddedJumps) embeddedTargets.add(t);
  const walk: Walk = { input, labels, isEntry: entryBlocks, embeddedTargets, budget: DUPLICATION_BUDGET, caseHandler: undefined, usesDispatch: false, templates: new Map() };

  const cases: CasePlan[] = [];
  const laidOut = new Set<BlockId>();
  const layCase = (id: BlockId, label: number): void => {
    if (laidOut.has(id)) return;
    laidOut.add(id);
    walk.caseHandler = blocks[id].handler;
    const code = blockCode(walk, id, new Set([id]));
    // Exceptions in this code go to the body's own catch/finally (or close a for…of iterator).
    if (walk.caseHandler !== undefined) routeLabels(walk, walk.caseHandler);
    cases.push({ label, name: caseName(label, states, labels), handler: walk.caseHandler, code });
  };
  // Entries first, in state order, then the join cases they reach.
  const entries = [...labels.labelOf.entries()].filter(([id]) => graph.reachable.has(id) && entryBlocks(id)).sort((a, b) => a[1] - b[1]);
  for (const [id, label] of entries) layCase(id, label);
  while (labels.pending.length) {
    const id = labels.pending.shift()!;
    layCase(id, labels.labelOf.get(id)!);
  }
  const hoistTemplates = [...walk.templates.values()].some((n) => n > 1);
  return { labelOf: labels.labelOf, cases, throwEntries: labels.throwEntries, returnEntries: labels.returnEntries, usesDispatch: walk.usesDispatch, hoistTemplates };
}

/** Labels handed out so far: states are their own labels; entries and joins come after Done. */
interface Labels {
  readonly labelOf: Map<BlockId, number>;
  /** Blocks given a label whose case is not laid out yet, in the order they got it. */
  readonly pending: BlockId[];
  next: number;
  readonly throwEntries: number[];
  readonly returnEntries: number[];
  /** The throw() and return() entry blocks. */
  readonly resumeEntries: Set<BlockId>;
}

function newLabels(states: readonly string[], suspends: readonly Suspend[]): Labels {
  const labels: Labels = {
    labelOf: new Map([[0, 0]]),
    pending: [],
    next: states.length,
    throwEntries: states.slice(0, -1).map(() => 0),
    returnEntries: states.slice(0, -1).map(() => 0),
    resumeEntries: new Set(),
  };
  for (const t of suspends) labels.labelOf.set(t.resume, t.state);
  // throw()/return() entries: labels right after Done, which only the runtime puts in _state.
  for (const t of suspends) {
    for (const entry of [t.throwEntry, t.returnEntry]) {
      if (entry !== undefined && !labels.labelOf.has(entry)) {
        labels.labelOf.set(entry, labels.next++);
        labels.pending.push(entry);
      }
    }
    if (t.throwEntry !== undefined) labels.throwEntries[t.state] = labels.labelOf.get(t.throwEntry)!;
    if (t.returnEntry !== undefined) labels.returnEntries[t.state] = labels.labelOf.get(t.returnEntry)!;
    if (t.throwEntry !== undefined) labels.resumeEntries.add(t.throwEntry);
    if (t.returnEntry !== undefined) labels.resumeEntries.add(t.returnEntry);
  }
  return labels;
}

function caseName(label: number, states: readonly string[], labels: Labels): string {
  const lastResumable = states.length - 2;
  if (label <= lastResumable) return states[label];
  if (labels.throwEntries.includes(label)) return `throw() at ${states[labels.throwEntries.indexOf(label)]}`;
  if (labels.returnEntries.includes(label)) return `return() at ${states[labels.returnEntries.indexOf(label)]}`;
  return `join`;
}

/** The state of the walk over one body's cases. */
interface Walk {
  readonly input: LayoutInput;
  readonly labels: Labels;
  readonly isEntry: (id: BlockId) => boolean;
  readonly embeddedTargets: ReadonlySet<BlockId>;
  /** What inlining may still copy. */
  budget: number;
  /** The handler of the case being laid out: code inlined into it must share it. */
  caseHandler: number | undefined;
  usesDispatch: boolean;
  /** How many times each tagged template (its original node) is printed. */
  readonly templates: Map<TS.Node, number>;
}

/** A jump to `target`'s case (given a label when it has none yet). */
function jump(walk: Walk, target: BlockId): Flow {
  walk.usesDispatch = true;
  const { labels } = walk;
  let label = labels.labelOf.get(target);
  if (label === undefined) {
    label = labels.next++;
    labels.labelOf.set(target, label);
    labels.pending.push(target);
  }
  return { kind: "jump", target, label };
}

function blockCode(walk: Walk, id: BlockId, inlining: Set<BlockId>): BlockCode {
  const b = walk.input.exploded.blocks[id];
  for (const s of b.stmts) visitCode(walk, s);
  return { block: id, term: termCode(walk, b.term!, inlining) };
}

function termCode(walk: Walk, t: Terminator, inlining: Set<BlockId>): TermCode {
  switch (t.kind) {
    case "goto":
      return { kind: "goto", next: flowTo(walk, t.target, inlining) };
    case "branch": {
      const whenTrue = flowTo(walk, t.whenTrue, inlining);
      const whenFalse = flowTo(walk, t.whenFalse, inlining);
      visitCode(walk, t.cond);
      return { kind: "branch", cond: t.cond, whenTrue, whenFalse };
    }
    case "suspend": {
      if (t.value) visitCode(walk, t.value);
      const first = walk.input.firstYields.of.get(t);
      // yieldAtStart: the first yield_ executed receives the input and runs on.
      const take = first ? flowTo(walk, t.resume, inlining) : undefined;
      return { kind: "suspend", term: t, first, take };
    }
    case "return":
      if (t.value) visitCode(walk, t.value);
      return { kind: "return", term: t };
    case "throw":
      return { kind: "throw" };
  }
}

function flowTo(walk: Walk, target: BlockId, inlining: Set<BlockId>): Flow {
  if (!canInline(walk, target, inlining)) return jump(walk, target);
  inlining.add(target);
  const code = blockCode(walk, target, inlining);
  inlining.delete(target);
  return { kind: "inline", code };
}

const sizeOf = (b: Block): number => b.stmts.length + (b.term?.kind === "branch" ? 2 : 1);

/**
 * Straight-line successors are inlined into the case that reaches them: blocks with one
 * predecessor always, small blocks with several as long as the duplication budget lasts. Never
 * an entry, a block being inlined already, the target of an embedded jump, or a block of
 * another handler.
 */
function canInline(walk: Walk, target: BlockId, inlining: Set<BlockId>): boolean {
  const { blocks } = walk.input.exploded;
  const preds = walk.input.graph.preds.get(target) ?? 0;
  if (walk.isEntry(target) || inlining.has(target) || walk.embeddedTargets.has(target)) return false;
  if (blocks[target].handler !== walk.caseHandler) return false;
  if (walk.labels.labelOf.has(target) && preds > 1 && sizeOf(blocks[target]) > 3) return false;
  if (preds <= 1) return true;
  const size = sizeOf(blocks[target]);
  if (size <= 3 && walk.budget >= size && inlining.size < 16) {
    walk.budget -= size;
    return true;
  }
  return false;
}

/** The labels the code routing an exception to handler `h` jumps to (a close handler passes it on). */
function routeLabels(walk: Walk, h: number | undefined): void {
  if (h === undefined) return;
  const handler = walk.input.exploded.handlers[h];
  if (handler.kind === "close") return routeLabels(walk, handler.parent);
  jump(walk, handler.entry);
}

/**
 * Visit code as the rewrite will print it (print-cases.ts): the jumps embedded in native
 * statements (their cleanup first) get labels in the order the rewrite meets them, and every
 * tagged template printed is counted. It reaches what the rewrite's visitor reaches: a compiled
 * nested site is its replacement, an embedded jump is its cleanup and value, and a shorthand
 * property whose name the rewrite leaves alone keeps its initializer unvisited.
 */
function visitCode(walk: Walk, node: TS.Node): void {
  const { ts, exploded, replacements, refs, hasReference } = walk.input;
  const visit = (n: TS.Node): void => {
    const replacement = replacements.get(n);
    if (replacement) return visit(replacement);
    const embedded = exploded.embedded.get(n);
    if (embedded) {
      embedded.cleanup.forEach(visit);
      if (embedded.kind === "goto") jump(walk, embedded.target);
      else if (embedded.value) visit(embedded.value);
      return;
    }
    if (ts.isTaggedTemplateExpression(n)) {
      const original = ts.getOriginalNode(n);
      walk.templates.set(original, (walk.templates.get(original) ?? 0) + 1);
    } else if (ts.isShorthandPropertyAssignment(n)) {
      const b = refs.resolve(n.name);
      if (!b || !hasReference(b)) return;
      if (n.objectAssignmentInitializer) visit(n.objectAssignmentInitializer);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
}
