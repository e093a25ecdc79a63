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
  /**
   * For each suspension state k (index k), the state to enter when `throw(e)` resumes at k, or
   * 0 when an exception thrown at k leaves the body directly. Absent when no state has a handler.
   */
  readonly throwEntries?: readonly number[];
  /** Like throwEntries, for `return()`: where the pending `finally` blocks start. */
  readonly returnEntries?: readonly number[];
}

/** A plain JSON-safe picture of a suspended instance. */
export interface Snapshot {
  site: string;
  version: string;
  state: string;
  locals: Record<string, unknown>;
}

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

function isJsonSafe(v: unknown, seen: Set<object>): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(v);
    case "object": {
      if (v === null) return true;
      if (seen.has(v)) return false;
      seen.add(v);
      let ok: boolean;
      if (Array.isArray(v)) {
        // A plain loop, not every(): every() skips holes, and JSON turns a hole into null.
        ok = true;
        for (let i = 0; ok && i < v.length; i++) ok = i in v && isJsonSafe(v[i], seen);
      } else {
        const proto = Object.getPrototypeOf(v);
        ok =
          (proto === Object.prototype || proto === null) &&
          Object.getOwnPropertySymbols(v).length === 0 &&
          Object.keys(v).every((k) => isJsonSafe((v as Record<string, unknown>)[k], seen));
      }
      seen.delete(v);
      return ok;
    }
    default:
      return false;
  }
}

/** A short stable hash (FNV-1a, hex) of the shape of a class: its states and its saved locals. */
export function shapeVersion(c: MachineClass): string {
  let text = c.states.join(",") + "|" + c.locals.join(",");
  if (c.liveLocals) text += "|" + c.liveLocals.map((l) => l.join(" ")).join(",");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** The names of the locals a snapshot at `state` holds: those live there (all without a table). */
function savedLocals(c: MachineClass, state: number): readonly string[] {
  if (!c.liveLocals) return c.locals;
  const live = c.liveLocals[state];
  return live ? live.map((i) => c.locals[i]) : [];
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

  /** An independent copy of the suspended instance; saved locals are copied shallowly. */
  clone(): this {
    if (this._state === RUNNING) resumeFailed(this);
    return Object.assign(Object.create(Object.getPrototypeOf(this)), this);
  }

  /** A plain JSON-safe object describing the instance; throws NOT_SERIALIZABLE for a local that is not. */
  snapshot(): Snapshot {
    const c = classOf(this);
    if (this._state === RUNNING) resumeFailed(this);
    const locals: Record<string, unknown> = {};
    const self = this as unknown as Record<string, unknown>;
    for (const name of savedLocals(c, this._state)) {
      const v = self[name];
      if (v === undefined) continue;
      if (!isJsonSafe(v, new Set())) {
        throw new CoroutineError(
          "NOT_SERIALIZABLE",
          `${c.site}: local '${name}' is not JSON-safe (in state ${this.state}), so the instance cannot be snapshotted`,
        );
      }
      locals[name] = JSON.parse(JSON.stringify(v));
    }
    return { site: c.site, version: shapeVersion(c), state: this.state, locals };
  }

  /** Load `snap` (from `snapshot()` of an instance of the same site) into this instance. */
  restore(snap: Snapshot): this {
    const c = classOf(this);
    const version = shapeVersion(c);
    const index = snap && typeof snap.state === "string" ? c.states.indexOf(snap.state) : -1;
    const badLocals = !snap || typeof snap.locals !== "object" || snap.locals === null;
    if (!snap || snap.site !== c.site || snap.version !== version || index < 0 || badLocals) {
      throw new CoroutineError(
        "SNAPSHOT_MISMATCH",
        `${c.site}: snapshot of ${snap && snap.site} (version ${snap && snap.version}, state ${snap && snap.state}) ` +
          `does not fit this coroutine (version ${version})`,
      );
    }
    if (this._state === RUNNING) resumeFailed(this);
    const self = this as unknown as Record<string, unknown>;
    for (const name of savedLocals(c, index)) {
      self[name] = Object.prototype.hasOwnProperty.call(snap.locals, name)
        ? JSON.parse(JSON.stringify(snap.locals[name]))
        : undefined;
    }
    this._state = index;
    return this;
  }
}

/** Base of `coroutine(...)` instances: `resume` returns the output itself. */
export abstract class CoroutineMachine extends Machine {
  protected returnResult(): unknown {
    return undefined;
  }
}

/** Base of `generator(...)` instances: `resume` returns IteratorResults, and they are JS iterators. */
export abstract class GeneratorMachine extends Machine {
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
  poll(cx: unknown): unknown {
    return this.resume(cx);
  }
  protected returnResult(): unknown {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers the generated code calls. Each is small; the hot paths of generated code call none.

/** The keys a `for…in` visits, collected up front; `forInNext` skips keys deleted meanwhile. */
export function forInKeys(object: unknown): { object: unknown; keys: string[]; index: number } {
  const keys: string[] = [];
  if (object !== null && object !== undefined) {
    for (const k in object as object) keys.push(k);
  }
  return { object, keys, index: 0 };
}

/** The next key of a `forInKeys` walk that is still in the object, or undefined at the end. */
export function forInNext(walk: { object: unknown; keys: string[]; index: number }): string | undefined {
  while (walk.index < walk.keys.length) {
    const k = walk.keys[walk.index++];
    if (k in Object(walk.object)) return k;
  }
  return undefined;
}

/** Close an iterator that a `for…of` leaves early (break, return, throw), as JS does. */
export function closeIterator(iterator: Iterator<unknown> | undefined): void {
  if (iterator && typeof iterator.return === "function") {
    const r = iterator.return();
    if (r === null || (typeof r !== "object" && typeof r !== "function")) {
      throw new TypeError("Iterator result " + String(r) + " is not an object");
    }
  }
}

/** IteratorClose for an exception leaving a for…of: call return(), ignore what it does. */
export function closeIteratorOnThrow(iterator: Iterator<unknown> | undefined): void {
  try {
    if (iterator && typeof iterator.return === "function") iterator.return();
  } catch {
    // The original exception wins (ECMA-262 IteratorClose with a throw completion).
  }
}

/**
 * The iterator of `yield_.from(inner)` must be an object (a function will do): else TypeError,
 * as in yield*. Called only when `typeof` already said "not an object".
 */
export function checkIterator<T>(iterator: T): T {
  if (iterator === null || (typeof iterator !== "object" && typeof iterator !== "function")) {
    throw new TypeError("Result of the Symbol.iterator method is not an object");
  }
  return iterator;
}

/** yield_.from's throw(e): forward to the inner iterator; without a throw method, close it and fail (as yield* does). */
export function delegateThrow(iterator: Iterator<unknown>, error: unknown): IteratorResult<unknown> {
  if (typeof iterator.throw === "function") return checkIteratorResult(iterator.throw(error));
  closeIterator(iterator);
  throw new TypeError("The iterator does not provide a 'throw' method");
}

/** yield_.from's return(v): forward to the inner iterator; undefined when it has no return(). */
export function delegateReturn(iterator: Iterator<unknown>, value: unknown): IteratorResult<unknown> | undefined {
  if (typeof iterator.return !== "function") return undefined;
  return checkIteratorResult(iterator.return(value));
}

/**
 * An iterator result must be an object (a function will do): else TypeError, as in yield* and
 * for…of. yield_.from calls it only when `typeof` already said "not an object".
 */
export function checkIteratorResult(r: IteratorResult<unknown>): IteratorResult<unknown> {
  if (r === null || (typeof r !== "object" && typeof r !== "function")) {
    throw new TypeError("Iterator result " + String(r) + " is not an object");
  }
  return r;
}

/** `using r = value`: null and undefined are allowed; anything else needs [Symbol.dispose]. */
export function checkDisposable<T>(value: T): T {
  if (value !== null && value !== undefined && typeof (value as { [Symbol.dispose]?: unknown })[Symbol.dispose] !== "function") {
    throw new TypeError("The value of a 'using' declaration must have a [Symbol.dispose]() method");
  }
  return value;
}

/** Make the SuppressedError of ES2026 (or a stand-in where the engine has none). */
function suppressedError(error: unknown, suppressed: unknown): Error {
  const Ctor = (globalThis as { SuppressedError?: new (e: unknown, s: unknown, m: string) => Error }).SuppressedError;
  if (Ctor) return new Ctor(error, suppressed, "An error was suppressed during disposal.");
  const e = new Error("An error was suppressed during disposal.") as Error & { error: unknown; suppressed: unknown };
  e.name = "SuppressedError";
  e.error = error;
  e.suppressed = suppressed;
  return e;
}

/**
 * Dispose a `using` resource at the end of its scope. `throwing`: the scope is being left by an
 * exception `error`; an exception from the disposal then becomes a SuppressedError over it.
 */
export function dispose(resource: unknown, throwing: boolean, error: unknown): void {
  if (resource === null || resource === undefined) return;
  try {
    (resource as { [Symbol.dispose](): void })[Symbol.dispose]();
  } catch (e) {
    throw throwing ? suppressedError(e, error) : e;
  }
}

/** Destructuring `{…} = value` throws on null and undefined, as JavaScript does. */
export function requireObjectCoercible<T>(value: T): T {
  if (value === null || value === undefined) throw new TypeError(`Cannot destructure '${String(value)}' as it is ${String(value)}.`);
  return value;
}

/** `{ a, ...rest } = source`: the own enumerable properties not already taken. */
export function objectRest(source: object, taken: PropertyKey[]): Record<PropertyKey, unknown> {
  const rest: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(source)) {
    if (taken.includes(key)) continue;
    const d = Object.getOwnPropertyDescriptor(source, key);
    if (d && d.enumerable) rest[key as string] = (source as Record<PropertyKey, unknown>)[key as string];
  }
  return rest;
}

/** The iterator walk of an array pattern `[a, , b = d, ...rest] = value` whose parts suspend. */
export class ArrayPatternWalk {
  private readonly iterator: Iterator<unknown>;
  private done = false;

  constructor(value: Iterable<unknown>) {
    this.iterator = value[Symbol.iterator]();
  }

  /** The next element, or undefined once the iterator is exhausted. */
  next(): unknown {
    if (this.done) return undefined;
    const r = this.iterator.next();
    if (r.done) {
      this.done = true;
      return undefined;
    }
    return r.value;
  }

  /** The remaining elements (a rest element). */
  rest(): unknown[] {
    const out: unknown[] = [];
    while (!this.done) {
      const r = this.iterator.next();
      if (r.done) this.done = true;
      else out.push(r.value);
    }
    return out;
  }

  /** The pattern is complete: close the iterator unless it finished. */
  close(): void {
    if (!this.done) {
      this.done = true;
      closeIterator(this.iterator);
    }
  }
}

/** A member tag of a tagged template, bound to its object (`o.f\`…\`` across a suspension). */
export function bindReceiver(fn: unknown, receiver: unknown): unknown {
  return typeof fn === "function" ? fn.bind(receiver) : fn;
}
