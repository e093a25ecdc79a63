/**
 * What every generated state-machine class shares. The transformer emits one class per marked
 * body, extending one of the machines below; the class supplies `resume(input)` and a few
 * statics, this file supplies everything else once.
 *
 * The integer state lives in `_state`:
 *   0                 Start
 *   1 .. n            the suspension states, in source order
 *   n + 1             Done (the last entry of `states`)
 *   RUNNING (-1)      a resume is on the stack
 *   PANICKED (-2)     the body threw; `state` reads "Done", `done` is true
 * Generated `resume` methods check that the state is in 0..n, write RUNNING, dispatch, and write
 * the next suspension state (or Done) just before returning. Anything else lands in
 * `resumeFailed`, which raises the right CoroutineError.
 */
import { CoroutineError } from "./errors";
import { SNAPSHOT_FORMAT, decodeValues, encodeValues } from "./snapshot-format";
import { snapshotSchemaOf, type LocalType, type StateShape } from "./snapshot-schema";
import {
  ArrayIsArray,
  FunctionPrototypeBind,
  FunctionPrototypeCall,
  MathImul,
  NumberPrototypeToString,
  ObjectCreate,
  ObjectCtor,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertySymbols,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectIs,
  ObjectKeys,
  ObjectPrototype,
  ReflectApply,
  ReflectConstruct,
  ReflectOwnKeys,
  StringCtor,
  StringPrototypeCharCodeAt,
  SuppressedErrorCtor,
  SymbolDispose,
  SymbolIterator,
  TypeErrorCtor,
  ErrorCtor,
  defineOwn,
} from "./primordials";

// As in markers.ts: Symbol.dispose declared the way lib.esnext.disposable does (they merge), so
// this file's declarations type-check with any lib from ES2020 up.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export const RUNNING = -1;
export const PANICKED = -2;

/** The statics every generated class defines. */
export interface MachineClass {
  /** Ordered state names: "Start", the suspension states, "Done". */
  readonly states: readonly string[];
  /** Names of the fields that hold saved locals, in snapshot order. */
  readonly locals: readonly string[];
  /**
   * For each state below Done (index k), the indices into `locals` of the locals that state
   * needs: live when the body resumes there (or is thrown into, or returned from). snapshot()
   * holds only these, restore() loads only these; other fields hold values no path will read
   * (stale, or the 0 a numeric field starts with). Absent: every local at every state.
   */
  readonly liveLocals?: readonly (readonly number[])[];
  /** Stable identity of the source site: "<file>#<class name>". */
  readonly site: string;
  /** The JSON Schema of the class's snapshots (Machine defines it for every class). */
  readonly snapshotSchema?: object;
  /**
   * For each suspension state k (index k), the state to enter when `throw(e)` resumes at k, or
   * 0 when an exception thrown at k leaves the body directly. Absent when no state has a handler.
   */
  readonly throwEntries?: readonly number[];
  /** Like throwEntries, for `return()`: where the pending `finally` blocks start. */
  readonly returnEntries?: readonly number[];
  /** For each state below Done, the field holding the `yield_.from` iterator it is delegating to (0: none). */
  readonly delegates?: readonly (string | 0)[];
  /**
   * For each state below Done (0: none), the compiler's temporaries among its saved locals:
   * field → [what user expression it holds, for messages; the recipe that reads it again]. A
   * temporary with a recipe is not stored in a snapshot: restore() calls the recipe (with the
   * instance as `this`) after loading the other locals, and snapshot() checks it still reads the
   * value the temporary holds.
   */
  readonly temps?: readonly (0 | Readonly<Record<string, readonly [string, (() => unknown)?]>>)[];
  /**
   * Parallel to `locals`, where the build had a type checker: each field's TypeScript type as a
   * descriptor (snapshot-schema.ts), for `snapshotSchema`. Absent: every local is any JSON.
   */
  readonly localTypes?: readonly LocalType[];
}

/** The temporaries entry of `name` at `state`, if the compiler made that field at that state. */
function tempAt(c: MachineClass, state: number, name: string): readonly [string, (() => unknown)?] | undefined {
  const temps = c.temps;
  const here = temps && state >= 0 && state < temps.length ? temps[state] : 0;
  return here && ObjectHasOwn(here, name) ? here[name] : undefined;
}

/** The recipe of a temporary's entry, or undefined. */
function recipeOf(entry: readonly [string, (() => unknown)?] | undefined): (() => unknown) | undefined {
  return entry && entry.length > 1 ? entry[1] : undefined;
}

/** The field holding the `yield_.from` iterator at `state`, if the state delegates. */
function delegateField(c: MachineClass, state: number): string | undefined {
  const delegates = c.delegates;
  const field = delegates && state > 0 && state < delegates.length ? delegates[state] : 0;
  return field || undefined;
}

/**
 * The saved locals at `state` split: those stored as data, and the temporaries read again by
 * recipe. The delegate of a `yield_.from` is in neither: it is saved as the nested snapshot.
 */
function splitLocals(c: MachineClass, state: number): { data: string[]; recipes: string[] } {
  const names = savedLocals(c, state);
  const delegate = delegateField(c, state);
  const data: string[] = [];
  const recipes: string[] = [];
  for (let i = 0; i < names.length; i++) {
    if (names[i] === delegate) continue;
    if (recipeOf(tempAt(c, state, names[i]))) defineOwn(recipes, recipes.length, names[i]);
    else defineOwn(data, data.length, names[i]);
  }
  return { data, recipes };
}

/** A plain JSON-safe picture of a suspended instance (format 1, docs/snapshots.md). */
export interface Snapshot {
  /** The snapshot format's number: 1. */
  format: number;
  site: string;
  version: string;
  state: string;
  locals: Record<string, unknown>;
  /** While delegating (`yield_.from`) to a stackless instance: that instance's snapshot. */
  delegate?: Snapshot;
}

/** Delegations nested deeper than this are refused by snapshot() and restore() (each level is a call). */
export const MAX_DELEGATION_DEPTH = 1000;

/** A delegate's error message longer than this is passed on as it is rather than wrapped in its delegator's. */
const MAX_WRAPPED_MESSAGE = 2000;

/** How many snapshot() / restore() calls of delegates are on the stack. */
let delegationDepth = 0;

function classOf(m: Machine): MachineClass {
  return m.constructor as unknown as MachineClass;
}

/** Raise the error for a resume on an instance whose state is not resumable. Always throws. */
export function resumeFailed(m: Machine, state?: number): never {
  // Generated resume methods mark the instance Running before their switch, and pass the state
  // they found when it has no case: put it back (the instance stays as it was).
  if (state !== undefined) m._state = state;
  const s = m._state;
  if (s === RUNNING) {
    throw new CoroutineError(
      "ALREADY_RUNNING",
      `${classOf(m).site}: resumed from inside its own body (the instance is already running)`,
    );
  }
  if (s === PANICKED) {
    throw new CoroutineError(
      "RESUMED_AFTER_PANIC",
      `${classOf(m).site}: resumed after its body threw (the instance is in Done as panicked)`,
    );
  }
  throw new CoroutineError(
    "RESUMED_AFTER_COMPLETION",
    `${classOf(m).site}: coroutine resumed after completion (the instance is in Done)`,
  );
}

/** `list.join(separator)` over the runtime's own string and number lists. */
function joinList(list: readonly (string | number)[], separator: string): string {
  let text = "";
  for (let i = 0; i < list.length; i++) text += (i ? separator : "") + list[i];
  return text;
}

/** A short stable hash (FNV-1a, hex) of the shape of a class: its states and its saved locals. */
export function shapeVersion(c: MachineClass): string {
  let text = joinList(c.states, ",") + "|" + joinList(c.locals, ",");
  const liveLocals = c.liveLocals;
  if (liveLocals) {
    text += "|";
    for (let k = 0; k < liveLocals.length; k++) text += (k ? "," : "") + joinList(liveLocals[k], " ");
  }
  // Which temporaries are read again rather than stored is part of the shape (the keys of locals).
  if (c.temps) {
    text += "|";
    for (let k = 0; k < c.temps.length; k++) text += (k ? "," : "") + joinList(splitLocals(c, k).recipes, " ");
  }
  // Which states save a nested snapshot of their delegate (the `delegate` key).
  if (c.delegates) {
    let nested = "";
    for (let k = 0; k < c.delegates.length; k++) if (makerAt(c, k)) nested += " " + k;
    if (nested) text += "|delegate" + nested;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= StringPrototypeCharCodeAt(text, i);
    h = MathImul(h, 0x01000193);
  }
  let hex = NumberPrototypeToString(h >>> 0, 16);
  while (hex.length < 8) hex = "0" + hex;
  return hex;
}

/** The recipe that makes the delegate of `state` again (a new inner instance), if the state delegates and has one. */
function makerAt(c: MachineClass, state: number): (() => unknown) | undefined {
  const field = delegateField(c, state);
  return field ? recipeOf(tempAt(c, state, field)) : undefined;
}

/** The names of the locals a snapshot at `state` holds: those live there (all without a table). */
function savedLocals(c: MachineClass, state: number): readonly string[] {
  const liveLocals = c.liveLocals;
  if (!liveLocals) return c.locals;
  const live = liveLocals[state];
  const names: string[] = [];
  if (live) for (let i = 0; i < live.length; i++) defineOwn(names, i, c.locals[live[i]]);
  return names;
}

/** The index of `name` in the runtime's own list, or -1. */
function indexOfName(list: readonly string[], name: string): number {
  for (let i = 0; i < list.length; i++) if (list[i] === name) return i;
  return -1;
}

/** A snapshot field for an error message, without converting an object (that would run its code). */
function describeField(v: unknown): string {
  if (typeof v === "string") return `'${describeText(v)}'`;
  return v === undefined || v === null || typeof v === "number" || typeof v === "boolean" ? StringCtor(v) : `(a ${typeof v})`;
}

/** The base of every generated class. */
export abstract class Machine {
  /** @internal The integer state; see the file comment. */
  declare _state: number;

  // An assignment, not a class field: V8 (Node 20) does not inline a base class's field
  // initializer into derived constructors, and that made creating an instance 2× slower.
  constructor() {
    this._state = 0;
  }

  /** Run to the next suspension. Generated. */
  abstract resume(input: unknown): unknown;

  /** The current state's name: "Start", a label or YieldN, "Done" ("Running" from inside its own body). */
  get state(): string {
    const s = this._state;
    const states = classOf(this).states;
    if (s === RUNNING) return "Running";
    if (s === PANICKED) return states[states.length - 1];
    return states[s];
  }

  /** True once the instance is in Done (returned, or panicked). */
  get done(): boolean {
    const s = this._state;
    return s === PANICKED || s === classOf(this).states.length - 1;
  }

  /** True when the instance entered Done because its body threw. */
  get panicked(): boolean {
    return this._state === PANICKED;
  }

  /** The value `return()` answers when no `finally` intervenes; generators wrap it. */
  protected abstract returnResult(value: unknown): unknown;

  /** Resume by throwing `error` at the suspension point. */
  throw(error: unknown): unknown {
    const s = this._state;
    const c = classOf(this);
    const last = c.states.length - 2;
    if (s < 0 || s > last) return resumeFailed(this);
    const entry = s > 0 && c.throwEntries ? c.throwEntries[s] : 0;
    if (!entry) {
      // Nothing in the body can catch it: it leaves the body at once, as from a panicking resume.
      this._state = PANICKED;
      throw error;
    }
    this._state = entry;
    return this.resume(error);
  }

  /**
   * Abandon the instance: run the pending `finally` blocks (and `using` disposals) at the
   * suspension point, then enter Done. On an instance already in Done it does nothing.
   */
  return(value?: unknown): unknown {
    const s = this._state;
    const c = classOf(this);
    const last = c.states.length - 2;
    if (s === RUNNING) return resumeFailed(this);
    if (s < 0 || s > last) return this.returnResult(value);
    const entry = s > 0 && c.returnEntries ? c.returnEntries[s] : 0;
    if (!entry) {
      this._state = last + 1;
      return this.returnResult(value);
    }
    this._state = entry;
    const result = this.resume(value);
    // coroutine.loop: a return that completes the body starts it again; return() abandons it.
    if (this._state === 0) this._state = last + 1;
    return result;
  }

  [Symbol.dispose](): void {
    this.return();
  }

  /**
   * The JSON Schema (draft 2020-12) of this class's snapshots, for services that validate
   * input with the validator they already use: the five keys (and `delegate` while delegating),
   * this site and version, one branch per state with exactly the locals it saves, each of its
   * TypeScript type where the build had a checker (`localTypes`), else any JSON (snapshot-schema.ts).
   */
  static get snapshotSchema(): object {
    const c = this as unknown as MachineClass;
    const shapes: StateShape[] = [];
    for (let k = 0; k < c.states.length; k++) {
      const names = splitLocals(c, k).data;
      const stored: { field: string; index: number }[] = [];
      for (let i = 0; i < names.length; i++) defineOwn(stored, i, { field: names[i], index: indexOfName(c.locals, names[i]) });
      defineOwn(shapes, k, { name: c.states[k], stored, delegates: makerAt(c, k) !== undefined });
    }
    return snapshotSchemaOf(c.site, shapeVersion(c), shapes, c.localTypes);
  }

  /**
   * An independent copy of the suspended instance; saved locals are copied shallowly. A
   * `yield_.from` in progress is copied too: a stackless inner instance is cloned (recursively),
   * any other iterator cannot be and is refused with NOT_CLONEABLE.
   */
  clone(): this {
    if (this._state === RUNNING) resumeFailed(this);
    const c = classOf(this);
    const self = this as unknown as Record<string, unknown>;
    const inner = liveDelegate(c, this._state, self);
    if (inner && !isMachine(inner.iterator)) throw notCloneable(c, this._state, inner.field, "cloned");
    // The iterators of open for…of loops (and array patterns): a stackless one is cloned, any
    // other is refused rather than shared (advancing the copy would advance the original).
    const iterators = heldIterators(c, this._state, self, inner && inner.field);
    for (let i = 0; i < iterators.length; i++) {
      if (!isMachine(self[iterators[i].field])) {
        throw new CoroutineError(
          "NOT_CLONEABLE",
          `${c.site}: the instance holds ${iterators[i].description} (a for…of loop or an array pattern) in state ${c.states[this._state]}, ` +
            `an iterator that is not a stackless instance: its position cannot be copied, so the instance cannot be cloned`,
        );
      }
    }
    // Fields are defined, not assigned (Object.assign would run a setter a program put on
    // Object.prototype under a field's name), in the instance's own order: the copy gets the
    // same hidden class.
    const copy = ObjectCreate(ObjectGetPrototypeOf(this)) as this;
    const names = ObjectKeys(self);
    for (let i = 0; i < names.length; i++) defineOwn(copy, names[i], self[names[i]]);
    // An array pattern suspended in a default value (`[a = yield_(), b] = xs`) holds its walk over xs.
    const walks = heldWalks(c, this._state, self);
    for (let i = 0; i < walks.length; i++) {
      if (!walks[i].walk.cloneable()) {
        throw new CoroutineError(
          "NOT_CLONEABLE",
          `${c.site}: the instance is suspended inside an array pattern (a yield_ in a default value) in state ${c.states[this._state]}, ` +
            `walking an iterator that is not a stackless instance: its position cannot be copied, so the instance cannot be cloned`,
        );
      }
    }
    if (inner) defineOwn(copy, inner.field, (inner.iterator as Machine).clone());
    for (let i = 0; i < iterators.length; i++) defineOwn(copy, iterators[i].field, (self[iterators[i].field] as Machine).clone());
    for (let i = 0; i < walks.length; i++) defineOwn(copy, walks[i].field, walks[i].walk.clone());
    // A for…in walk is the runtime's own data (the keys, collected up front, and a position): copied.
    const forIns = heldForInWalks(c, this._state, self);
    for (let i = 0; i < forIns.length; i++) {
      const walk = self[forIns[i]] as { object: unknown; keys: string[]; index: number };
      defineOwn(copy, forIns[i], { object: walk.object, keys: walk.keys, index: walk.index });
    }
    return copy;
  }

  /**
   * A plain JSON-safe object describing the instance (format 1, docs/snapshots.md): throws
   * NOT_SERIALIZABLE naming the local that cannot be carried, or when the instance panicked, and
   * NOT_CLONEABLE while delegating to an iterator that is not a stackless instance.
   */
  snapshot(): Snapshot {
    const c = classOf(this);
    const s = this._state;
    if (s === RUNNING) resumeFailed(this);
    if (s === PANICKED) {
      throw new CoroutineError("NOT_SERIALIZABLE", `${c.site}: the instance panicked (its body threw), so there is no state to snapshot`);
    }
    const self = this as unknown as Record<string, unknown>;
    const inner = liveDelegate(c, s, self);
    if (inner && !isMachine(inner.iterator)) throw notCloneable(c, s, inner.field, "snapshotted");
    if (inner && !makerAt(c, s)) {
      throw new CoroutineError(
        "NOT_SERIALIZABLE",
        `${c.site}: the instance is delegating (${delegation(c, s, inner.field)}) to another stackless instance in state ${this.state}, ` +
          `and restore() could not make that instance again: the expression reads a value the snapshot does not hold ` +
          `(a local not used after the yield_.from, a closure, an inline body), so the instance cannot be snapshotted`,
      );
    }
    const { data: names, recipes } = splitLocals(c, s);
    for (let i = 0; i < recipes.length; i++) {
      const entry = tempAt(c, s, recipes[i])!;
      let again: unknown;
      let reads = true;
      try {
        again = ReflectApply(recipeOf(entry)!, this, []);
      } catch {
        reads = false;
      }
      if (!reads || !ObjectIs(again, self[recipes[i]])) {
        throw new CoroutineError(
          "NOT_SERIALIZABLE",
          `${c.site}: ${entry[0]} no longer reads the value the suspended code holds (in state ${this.state}), so the instance cannot be snapshotted`,
        );
      }
    }
    const values: unknown[] = [];
    const rootNames: string[] = [];
    for (let i = 0; i < names.length; i++) {
      defineOwn(values, i, self[names[i]]);
      defineOwn(rootNames, i, tempAt(c, s, names[i]) ? "value" : names[i]);
    }
    const encoded = encodeValues(values, rootNames);
    if (encoded.refusal) {
      const r = encoded.refusal;
      const temp = tempAt(c, s, names[r.root]);
      const what = temp ? `${temp[0]} (kept by the compiler across this suspension)` : `local '${names[r.root]}'`;
      throw new CoroutineError(
        "NOT_SERIALIZABLE",
        `${c.site}: ${what} is not JSON-safe (in state ${this.state}): ${r.path} is ${r.why}, so the instance cannot be snapshotted`,
      );
    }
    const locals: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) defineOwn(locals, names[i], encoded.values[i]);
    const snap: Snapshot = { format: SNAPSHOT_FORMAT, site: c.site, version: shapeVersion(c), state: this.state, locals };
    if (inner) defineOwn(snap, "delegate", snapshotOfDelegate(c, s, inner));
    return snap;
  }

  /**
   * Load `snap` (from `snapshot()` of an instance of the same site) into this fresh instance.
   * The snapshot is checked whole before anything is loaded (exactly its five keys, this site
   * and version, a state of this coroutine, exactly the locals that state saves, each a value of
   * the encoding); only the snapshot's own data properties are read (no getter, nothing
   * inherited), nothing is assigned by a key taken from it, and a refused restore changes nothing.
   */
  restore(snap: Snapshot): this {
    const c = classOf(this);
    if (this._state === RUNNING) resumeFailed(this);
    if (this._state !== 0) {
      throw new CoroutineError(
        "SNAPSHOT_MISMATCH",
        `${c.site}: restore() loads a snapshot into a fresh instance, and this one is in state ${this.state}${this._state === PANICKED ? " (panicked)" : ""}: ` +
          `restoring over it would skip its pending finally blocks and disposals`,
      );
    }
    let checked: { state: number; names: readonly string[]; values: unknown[]; delegate: unknown };
    try {
      checked = checkSnapshot(c, snap);
    } catch (e) {
      if (e instanceof CoroutineError) throw e;
      // Reading the input ran code that threw (a Proxy's trap): still a refusal, never a crash.
      throw mismatch(c, `reading it threw ${e instanceof ErrorCtor ? e.name : "a non-error"}`);
    }
    const self = this as unknown as Record<string, unknown>;
    const { data, recipes } = splitLocals(c, checked.state);
    // What the fields held, to put back if a recipe throws (a refused restore changes nothing).
    const touched: string[] = [];
    const before: unknown[] = [];
    for (let i = 0; i < data.length; i++) defineOwn(touched, i, data[i]);
    for (let i = 0; i < recipes.length; i++) defineOwn(touched, data.length + i, recipes[i]);
    const delegate = delegateField(c, checked.state);
    if (delegate) defineOwn(touched, touched.length, delegate);
    for (let i = 0; i < touched.length; i++) defineOwn(before, i, self[touched[i]]);
    const putBack = () => {
      for (let j = 0; j < touched.length; j++) self[touched[j]] = before[j];
    };
    for (let i = 0; i < data.length; i++) self[data[i]] = checked.values[i];
    // The temporaries read again: in the order they were made (a recipe may read an earlier one).
    const recipeValues: unknown[] = [];
    for (let i = 0; i < recipes.length; i++) {
      const entry = tempAt(c, checked.state, recipes[i])!;
      try {
        defineOwn(recipeValues, i, ReflectApply(recipeOf(entry)!, this, []));
        self[recipes[i]] = recipeValues[i];
      } catch {
        putBack();
        throw mismatch(c, `reading ${entry[0]} again threw`);
      }
    }
    // The delegate: made again by its recipe, fresh, and loaded with the nested snapshot (which
    // that restore() checks whole); any refusal puts every field back.
    if (delegate) {
      try {
        self[delegate] = restoreDelegate(this, c, checked.state, delegate, checked.delegate);
      } catch (e) {
        putBack();
        throw e;
      }
    }
    this._state = checked.state;
    return this;
  }
}

/** The keys of a snapshot, in the order snapshot() writes them. */
const SNAPSHOT_KEYS = ["format", "site", "version", "state", "locals"];
/** The keys of a snapshot at a state that delegates: the nested snapshot last. */
const SNAPSHOT_KEYS_DELEGATING = ["format", "site", "version", "state", "locals", "delegate"];

function mismatch(c: MachineClass, why: string): CoroutineError {
  return new CoroutineError("SNAPSHOT_MISMATCH", `${c.site}: snapshot does not fit this coroutine (version ${shapeVersion(c)}): ${why}`);
}

/** A plain object (what JSON.parse makes: Object.prototype or none) with exactly `expected` as its own data keys, or why not. */
function exactKeys(o: unknown, expected: readonly string[], what: string): string | undefined {
  if (o === null || typeof o !== "object" || ArrayIsArray(o)) return `${what} is not an object`;
  const proto = ObjectGetPrototypeOf(o);
  if (proto !== ObjectPrototype && proto !== null) return `${what} is not a plain object`;
  const keys = ReflectOwnKeys(o);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (typeof key === "symbol") return `${what} has a symbol key`;
    if (indexOfName(expected, key) < 0) return `${what} has an unknown key '${describeText(key)}'`;
    const d = ObjectGetOwnPropertyDescriptor(o, key);
    if (!d || !ObjectHasOwn(d, "value")) return `${what} has an accessor '${describeText(key)}'`;
  }
  for (let i = 0; i < expected.length; i++) if (!ObjectHasOwn(o, expected[i])) return `${what} has no '${expected[i]}'`;
  return undefined;
}

/** An own data property (exactKeys checked it is one). */
function dataOf(o: object, key: string): unknown {
  return ObjectGetOwnPropertyDescriptor(o, key)!.value;
}

/** A short, safe rendering of text from a snapshot for a message. */
function describeText(s: string): string {
  let out = "";
  for (let i = 0; i < s.length && i < 40; i++) {
    const ch = StringPrototypeCharCodeAt(s, i);
    out += ch >= 32 && ch < 127 ? s[i] : "?";
  }
  return s.length > 40 ? out + "…" : out;
}

/** Check a snapshot whole: the state it names, the locals it loads and their decoded values; throws SNAPSHOT_MISMATCH. */
function checkSnapshot(c: MachineClass, snap: unknown): { state: number; names: readonly string[]; values: unknown[]; delegate: unknown } {
  // The keys depend on the state (`delegate` while delegating): the state is read first, checked below.
  const stateOf = snap !== null && typeof snap === "object" && !ArrayIsArray(snap) ? ObjectGetOwnPropertyDescriptor(snap, "state") : undefined;
  const named = stateOf && ObjectHasOwn(stateOf, "value") && typeof stateOf.value === "string" ? indexOfName(c.states, stateOf.value) : -1;
  const nested = named >= 0 && delegateField(c, named) !== undefined;
  const top = exactKeys(snap, nested ? SNAPSHOT_KEYS_DELEGATING : SNAPSHOT_KEYS, "the snapshot");
  if (top) throw mismatch(c, top);
  const o = snap as object;
  const format = dataOf(o, "format");
  if (format !== SNAPSHOT_FORMAT) throw mismatch(c, `its format is ${describeField(format)}, not ${SNAPSHOT_FORMAT}`);
  const site = dataOf(o, "site");
  const version = dataOf(o, "version");
  const state = dataOf(o, "state");
  if (site !== c.site || version !== shapeVersion(c)) {
    throw mismatch(c, `it is a snapshot of ${describeField(site)} (version ${describeField(version)})`);
  }
  const index = typeof state === "string" ? indexOfName(c.states, state) : -1;
  if (index < 0) throw mismatch(c, `${describeField(state)} is not a state of this coroutine`);
  if (nested && !makerAt(c, index)) throw mismatch(c, `in state ${c.states[index]} it delegates through an expression restore() cannot evaluate again`);
  const names = splitLocals(c, index).data;
  const locals = dataOf(o, "locals");
  const wrong = exactKeys(locals, names, `its locals (state ${c.states[index]} saves ${names.length ? joinList(names, ", ") : "none"})`);
  if (wrong) throw mismatch(c, wrong);
  const encoded: unknown[] = [];
  for (let i = 0; i < names.length; i++) defineOwn(encoded, i, dataOf(locals as object, names[i]));
  const decoded = decodeValues(encoded, names);
  if (decoded.refusal) throw mismatch(c, `local '${names[decoded.refusal.root]}': ${decoded.refusal.path} is ${decoded.refusal.why}`);
  return { state: index, names, values: decoded.values, delegate: nested ? dataOf(o, "delegate") : undefined };
}

/** The nested snapshot of the stackless delegate `inner` of state `s` (its own snapshot(), one level deeper). */
function snapshotOfDelegate(c: MachineClass, s: number, inner: { field: string; iterator: unknown }): Snapshot {
  if (delegationDepth >= MAX_DELEGATION_DEPTH) {
    throw new CoroutineError("NOT_SERIALIZABLE", `${c.site}: delegations nested deeper than ${MAX_DELEGATION_DEPTH} cannot be snapshotted`);
  }
  delegationDepth++;
  try {
    return ReflectApply(Machine.prototype.snapshot, inner.iterator, []) as Snapshot;
  } catch (e) {
    // Each level names its delegation, up to a length (a deep chain must not build a huge text per level).
    if (!(e instanceof CoroutineError) || e.message.length > MAX_WRAPPED_MESSAGE) throw e;
    throw new CoroutineError(e.code, `${c.site}: its delegate (${delegation(c, s, inner.field)}) cannot be snapshotted: ${e.message}`);
  } finally {
    delegationDepth--;
  }
}

/** Make the delegate of `state` again with its recipe and load `nested` into it; throws SNAPSHOT_MISMATCH (nothing of `m` changed by it). */
function restoreDelegate(m: Machine, c: MachineClass, state: number, field: string, nested: unknown): unknown {
  const what = delegation(c, state, field);
  if (delegationDepth >= MAX_DELEGATION_DEPTH) throw mismatch(c, `delegations nested deeper than ${MAX_DELEGATION_DEPTH}`);
  let made: unknown;
  try {
    made = ReflectApply(makerAt(c, state)!, m, []);
  } catch {
    throw mismatch(c, `making its delegate again (${what}) threw`);
  }
  if (!isMachine(made)) throw mismatch(c, `its delegate (${what}) made again is not a stackless instance`);
  delegationDepth++;
  try {
    ReflectApply(Machine.prototype.restore, made, [nested]);
  } catch (e) {
    if (e instanceof CoroutineError && e.message.length > MAX_WRAPPED_MESSAGE && e.code === "SNAPSHOT_MISMATCH") throw e;
    if (e instanceof CoroutineError) throw mismatch(c, `its delegate (${what}): ${e.message}`);
    throw mismatch(c, `its delegate (${what}): restore threw`);
  } finally {
    delegationDepth--;
  }
  return made;
}

/** Is `v` an instance of a machine class (checked through the prototype chain, no `instanceof` hook)? */
function isMachine(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  for (let p = ObjectGetPrototypeOf(v); p !== null; p = ObjectGetPrototypeOf(p)) if (p === Machine.prototype) return true;
  return false;
}

/** The `yield_.from` iterator the instance is delegating to at `state` (a live delegate field), if any. */
function liveDelegate(c: MachineClass, state: number, self: Record<string, unknown>): { field: string; iterator: unknown } | undefined {
  const delegates = c.delegates;
  const field = delegates && state > 0 && state < delegates.length ? delegates[state] : 0;
  return field ? { field, iterator: self[field] } : undefined;
}

/** Does `text` start with `prefix` (without String.prototype, which a program may replace)? */
function startsWith(text: string, prefix: string): boolean {
  if (text.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (StringPrototypeCharCodeAt(text, i) !== StringPrototypeCharCodeAt(prefix, i)) return false;
  return true;
}

/**
 * The iterators (for…of loops, array patterns) other than the delegate that the instance holds
 * at `state`: the compiler's temporaries described as "the iterator of …" whose field holds an
 * object (a loop not yet started, or closed, holds none).
 */
function heldIterators(c: MachineClass, state: number, self: Record<string, unknown>, delegate: string | 0 | undefined): { field: string; description: string }[] {
  const found: { field: string; description: string }[] = [];
  const temps = c.temps;
  const here = temps && state > 0 && state < temps.length ? temps[state] : 0;
  if (!here) return found;
  const fields = ObjectKeys(here);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const description = here[field][0];
    const value = self[field];
    if (field === delegate || !startsWith(description, "the iterator of ") || value === null || (typeof value !== "object" && typeof value !== "function")) continue;
    defineOwn(found, found.length, { field, description });
  }
  return found;
}

/** The fields holding the for…in walks (forInKeys) the instance holds at `state`. */
function heldForInWalks(c: MachineClass, state: number, self: Record<string, unknown>): string[] {
  const found: string[] = [];
  const temps = c.temps;
  const here = temps && state > 0 && state < temps.length ? temps[state] : 0;
  if (!here) return found;
  const fields = ObjectKeys(here);
  for (let i = 0; i < fields.length; i++) {
    const value = self[fields[i]];
    if (startsWith(here[fields[i]][0], "the for…in walk of ") && value !== null && typeof value === "object") defineOwn(found, found.length, fields[i]);
  }
  return found;
}

/** The array pattern walks the instance holds in its saved locals at `state`. */
function heldWalks(c: MachineClass, state: number, self: Record<string, unknown>): { field: string; walk: ArrayPatternWalk }[] {
  const found: { field: string; walk: ArrayPatternWalk }[] = [];
  if (state <= 0) return found;
  const names = savedLocals(c, state);
  for (let i = 0; i < names.length; i++) {
    const value = self[names[i]];
    if (value !== null && typeof value === "object" && ObjectGetPrototypeOf(value) === ArrayPatternWalk.prototype) defineOwn(found, found.length, { field: names[i], walk: value as ArrayPatternWalk });
  }
  return found;
}

/** The delegation a message names: "yield_.from … at file:line:col" as the compiler described it. */
function delegation(c: MachineClass, state: number, field: string): string {
  const temp = tempAt(c, state, field);
  return temp ? `yield_.from, ${temp[0]}` : "yield_.from";
}

function notCloneable(c: MachineClass, state: number, field: string, what: string): CoroutineError {
  return new CoroutineError(
    "NOT_CLONEABLE",
    `${c.site}: the instance is delegating (${delegation(c, state, field)}) in state ${c.states[state]} to an iterator that is not a stackless instance; ` +
      `its position inside that iterator cannot be copied, so the instance cannot be ${what}`,
  );
}

// The three bases below have explicit constructors: without one, a derived class gets
// `constructor(...args) { super(...args); }`, whose spread calls Array.prototype[Symbol.iterator]
// (and %ArrayIteratorPrototype%.next), which a program may have replaced; creating an instance
// must run nothing but the constructors themselves, as creating a generator object runs nothing.

/** Base of `coroutine(...)` instances: `resume` returns the output itself. */
export abstract class CoroutineMachine extends Machine {
  constructor() {
    super();
  }
  protected returnResult(): unknown {
    return undefined;
  }
}

/** Base of `generator(...)` instances: `resume` returns IteratorResults, and they are JS iterators. */
export abstract class GeneratorMachine extends Machine {
  constructor() {
    super();
  }
  next(input?: unknown): unknown {
    return this.resume(input);
  }
  protected returnResult(value: unknown): unknown {
    return { value, done: true };
  }
  [Symbol.iterator](): this {
    return this;
  }
}

/** Base of `future(...)` instances: `poll(cx)` is `resume(cx)`. */
export abstract class FutureMachine extends Machine {
  constructor() {
    super();
  }
  poll(cx: unknown): unknown {
    return this.resume(cx);
  }
  protected returnResult(): unknown {
    return undefined;
  }
}

// The optional statics of a generated class, as `undefined` (writable: a down-levelled static is an assignment) on the root of every
// machine: a class without one then finds it here instead of looking it up on
// Function.prototype and Object.prototype, where a program may have put an accessor.
const OPTIONAL_STATICS = ["liveLocals", "throwEntries", "returnEntries", "delegates", "temps", "localTypes"];
for (let i = 0; i < OPTIONAL_STATICS.length; i++) {
  ObjectDefineProperty(Machine, OPTIONAL_STATICS[i], { __proto__: null, value: undefined, writable: true, enumerable: false, configurable: true } as PropertyDescriptor);
}

// ---------------------------------------------------------------------------------------------
// Helpers the generated code calls. Each is small; the hot paths of generated code call none.
//
// They do what the language does at the same point, calling on the program's objects exactly
// what ECMA-262 calls (GetMethod reads a method once, then calls it), and nothing else.

/** ECMA-262 GetMethod: `o[key]`, read once; undefined for null or undefined, TypeError if not callable. */
function getMethod(o: object, key: PropertyKey, what: string): ((...args: unknown[]) => unknown) | undefined {
  const method = (o as Record<PropertyKey, unknown>)[key];
  if (method === undefined || method === null) return undefined;
  if (typeof method !== "function") throw new TypeErrorCtor(`The iterator's '${what}' is not a function`);
  return method as (...args: unknown[]) => unknown;
}

/** Not an object (and not a function): what an iterator, or its result, must not be. */
function notObject(x: unknown): boolean {
  return x === null || (typeof x !== "object" && typeof x !== "function");
}

/** The keys a `for…in` visits, collected up front; `forInNext` skips keys deleted meanwhile. */
export function forInKeys(object: unknown): { object: unknown; keys: string[]; index: number } {
  const keys: string[] = [];
  if (object !== null && object !== undefined) {
    let n = 0;
    for (const k in object as object) defineOwn(keys, n++, k);
  }
  return { object, keys, index: 0 };
}

/** The next key of a `forInKeys` walk that is still in the object, or undefined at the end. */
export function forInNext(walk: { object: unknown; keys: string[]; index: number }): string | undefined {
  while (walk.index < walk.keys.length) {
    const k = walk.keys[walk.index++];
    if (k in ObjectCtor(walk.object)) return k;
  }
  return undefined;
}

/** Close an iterator that a `for…of` leaves early (break, return), as JS does (IteratorClose). */
export function closeIterator(iterator: Iterator<unknown> | undefined): void {
  if (!iterator) return;
  const method = getMethod(iterator, "return", "return");
  if (!method) return;
  const r = FunctionPrototypeCall(method, iterator);
  if (notObject(r)) throw new TypeErrorCtor("Iterator result " + StringCtor(r) + " is not an object");
}

/** IteratorClose for an exception leaving a for…of: call return(), ignore what it does. */
export function closeIteratorOnThrow(iterator: Iterator<unknown> | undefined): void {
  try {
    const method = iterator ? (iterator as { return?: unknown }).return : undefined;
    if (typeof method === "function") FunctionPrototypeCall(method, iterator);
  } catch {
    // The original exception wins (ECMA-262 IteratorClose with a throw completion).
  }
}

/**
 * The iterator of `yield_.from(inner)` must be an object (a function will do): else TypeError,
 * as in yield*. Called only when `typeof` already said "not an object".
 */
export function checkIterator<T>(iterator: T): T {
  if (notObject(iterator)) throw new TypeErrorCtor("Result of the Symbol.iterator method is not an object");
  return iterator;
}

/** yield_.from's throw(e): forward to the inner iterator; without a throw method, close it and fail (as yield* does). */
export function delegateThrow(iterator: Iterator<unknown>, error: unknown): IteratorResult<unknown> {
  const method = getMethod(iterator, "throw", "throw");
  if (method) return checkIteratorResult(FunctionPrototypeCall(method, iterator, error) as IteratorResult<unknown>);
  closeIterator(iterator);
  throw new TypeErrorCtor("The iterator does not provide a 'throw' method");
}

/** yield_.from's return(v): forward to the inner iterator; undefined when it has no return(). */
export function delegateReturn(iterator: Iterator<unknown>, value: unknown): IteratorResult<unknown> | undefined {
  const method = getMethod(iterator, "return", "return");
  if (!method) return undefined;
  return checkIteratorResult(FunctionPrototypeCall(method, iterator, value) as IteratorResult<unknown>);
}

/**
 * An iterator result must be an object (a function will do): else TypeError, as in yield* and
 * for…of. yield_.from calls it only when `typeof` already said "not an object".
 */
export function checkIteratorResult(r: IteratorResult<unknown>): IteratorResult<unknown> {
  if (notObject(r)) throw new TypeErrorCtor("Iterator result " + StringCtor(r) + " is not an object");
  return r;
}

/**
 * `using r = value`: the dispose method, read once, as ECMA-262's CreateDisposableResource does
 * (and called at disposal without reading it again). null and undefined are allowed (undefined:
 * nothing to dispose); any other value must be an object with a callable [Symbol.dispose].
 */
export function getDisposeMethod(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const method = notObject(value) ? undefined : (value as { [SymbolDispose]?: unknown })[SymbolDispose];
  if (typeof method !== "function") throw new TypeErrorCtor("The value of a 'using' declaration must have a [Symbol.dispose]() method");
  return method;
}

/** Make the SuppressedError of ES2026 (or a stand-in where the engine has none). */
function suppressedError(error: unknown, suppressed: unknown): Error {
  if (SuppressedErrorCtor) return new SuppressedErrorCtor(error, suppressed, "An error was suppressed during disposal.");
  const e = new ErrorCtor("An error was suppressed during disposal.");
  defineOwn(e, "name", "SuppressedError");
  defineOwn(e, "error", error);
  defineOwn(e, "suppressed", suppressed);
  return e;
}

/**
 * Dispose a `using` resource at the end of its scope with the `method` getDisposeMethod read.
 * `throwing`: the scope is being left by an exception `error`; an exception from the disposal
 * then becomes a SuppressedError over it.
 */
export function disposeResource(resource: unknown, method: unknown, throwing: boolean, error: unknown): void {
  if (method === undefined) return;
  try {
    FunctionPrototypeCall(method, resource);
  } catch (e) {
    throw throwing ? suppressedError(e, error) : e;
  }
}

/** Destructuring `{…} = value` throws on null and undefined, as JavaScript does. */
export function requireObjectCoercible<T>(value: T): T {
  if (value === null || value === undefined) throw new TypeErrorCtor(`Cannot destructure '${StringCtor(value)}' as it is ${StringCtor(value)}.`);
  return value;
}

/** `{ a, ...rest } = source`: the own enumerable properties not already taken (CopyDataProperties). */
export function objectRest(source: object, taken: PropertyKey[]): Record<PropertyKey, unknown> {
  const rest: Record<PropertyKey, unknown> = {};
  const from = ObjectCtor(source);
  const keys = ReflectOwnKeys(from);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let excluded = false;
    for (let j = 0; !excluded && j < taken.length; j++) excluded = taken[j] === key;
    if (excluded) continue;
    const d = ObjectGetOwnPropertyDescriptor(from, key);
    if (d && d.enumerable) defineOwn(rest, key, (from as Record<PropertyKey, unknown>)[key]);
  }
  return rest;
}

/** What ArrayPatternWalk's step answers at the end of the iterator (no program value is it). */
const END: unknown = { end: true };

/**
 * The iterator walk of an array pattern `[a, , b = d, ...rest] = value` whose parts suspend: the
 * iterator's `next` read once, as GetIterator does, and each result checked to be an object.
 */
export class ArrayPatternWalk {
  private readonly iterator: Iterator<unknown>;
  private readonly nextMethod: unknown;
  private done = false;

  constructor(value: Iterable<unknown>) {
    const iterator = value[SymbolIterator]();
    if (notObject(iterator)) throw new TypeErrorCtor("Result of the Symbol.iterator method is not an object");
    this.iterator = iterator;
    this.nextMethod = iterator.next;
  }

  /**
   * One IteratorStepValue: the next value, or END at the end. An exception from `next`, from
   * the result's `done` or `value`, or a result that is not an object leaves the walk done (the
   * iterator is then not closed), as in JavaScript's destructuring.
   */
  private step(): unknown {
    this.done = true;
    const r = FunctionPrototypeCall(this.nextMethod, this.iterator) as IteratorResult<unknown>;
    if (notObject(r)) throw new TypeErrorCtor("Iterator result " + StringCtor(r) + " is not an object");
    if (r.done) return END;
    const value = r.value;
    this.done = false;
    return value;
  }

  /** Can clone() copy this walk: finished (it reads nothing more), or over a stackless instance? */
  cloneable(): boolean {
    return this.done || isMachine(this.iterator);
  }

  /** A walk at the same position over a clone of the iterator (cloneable() said it can be). */
  clone(): ArrayPatternWalk {
    const copy = ObjectCreate(ArrayPatternWalk.prototype) as { iterator: unknown; nextMethod: unknown; done: boolean };
    defineOwn(copy, "iterator", this.done ? this.iterator : (this.iterator as unknown as Machine).clone());
    defineOwn(copy, "nextMethod", this.nextMethod);
    defineOwn(copy, "done", this.done);
    return copy as unknown as ArrayPatternWalk;
  }

  /** The next element, or undefined once the iterator is exhausted. */
  next(): unknown {
    if (this.done) return undefined;
    const value = this.step();
    return value === END ? undefined : value;
  }

  /** The remaining elements (a rest element). */
  rest(): unknown[] {
    const out: unknown[] = [];
    let n = 0;
    while (!this.done) {
      const value = this.step();
      if (value !== END) defineOwn(out, n++, value);
    }
    return out;
  }

  /**
   * The pattern is complete, or left by a return(): close the iterator unless it finished
   * (IteratorClose with a normal or return completion: what return() throws propagates).
   */
  close(): void {
    if (!this.done) {
      this.done = true;
      closeIterator(this.iterator);
    }
  }

  /**
   * The pattern is left by an exception: its close handler calls closeIteratorOnThrow(walk), which
   * calls this as it calls a for…of iterator's return() and ignores what it throws.
   */
  return(): void {
    this.close();
  }
}

/** A member tag of a tagged template, bound to its object (`o.f\`…\`` across a suspension). */
export function bindReceiver(fn: unknown, receiver: unknown): unknown {
  return typeof fn === "function" ? FunctionPrototypeBind(fn as (...args: never[]) => unknown, receiver) : fn;
}

/**
 * `fn.call(self, ...args)` for a call the generated code takes apart (`o.m(yield_())`,
 * `super.m(…)`): the intrinsic Reflect.apply, so a program's `Function.prototype.call` is not
 * run. `args` is an array the generated code built (a literal, or `concat`'s result).
 */
export function apply(fn: unknown, self: unknown, args: unknown[]): unknown {
  return ReflectApply(fn as (...a: unknown[]) => unknown, self, args);
}

/** `new C(...args)` for a `new` whose spread was collected before a suspension (see `concat`). */
export function construct(ctor: unknown, args: unknown[]): unknown {
  return ReflectConstruct(ctor as new (...a: unknown[]) => unknown, args);
}

/**
 * The argument list or array literal `[a, ...xs, b]` from its parts (`[[a], collected, [b]]`),
 * where a spread's values were collected into an array before a later operand suspended: copied
 * by index, so the collected array is not iterated a second time through the program's
 * `Array.prototype[Symbol.iterator]`. A hole in a part stays a hole.
 */
export function concat(parts: unknown[][]): unknown[] {
  const out: unknown[] = [];
  let n = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    for (let i = 0; i < part.length; i++) if (ObjectHasOwn(part, i)) defineOwn(out, n + i, part[i]);
    n += part.length;
  }
  ObjectDefineProperty(out, "length", { __proto__: null, value: n } as PropertyDescriptor);
  return out;
}

/**
 * A computed key `{ [k]: v }` converted when it is evaluated (ToPropertyKey), as JavaScript does,
 * when `v` suspends and the object is built only after. A primitive's conversion cannot be
 * observed, so it is kept; an object is converted by a computed key of a fresh object.
 */
export function toPropertyKey(key: unknown): unknown {
  if ((typeof key !== "object" || key === null) && typeof key !== "function") return key;
  return ReflectOwnKeys({ [key as unknown as PropertyKey]: undefined })[0];
}
