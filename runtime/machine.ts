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
import {
  ArrayIsArray,
  FunctionPrototypeBind,
  FunctionPrototypeCall,
  MathImul,
  NumberIsFinite,
  NumberPrototypeToString,
  ObjectCreate,
  ObjectCtor,
  ObjectDefineProperty,
  ObjectGetOwnPropertyDescriptor,
  ObjectGetOwnPropertySymbols,
  ObjectGetPrototypeOf,
  ObjectHasOwn,
  ObjectKeys,
  ObjectPrototype,
  ReflectApply,
  ReflectConstruct,
  ReflectOwnKeys,
  SetCtor,
  SetPrototypeAdd,
  SetPrototypeDelete,
  SetPrototypeHas,
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

/** What copyJson answers for a value that is not JSON-safe. */
const NOT_JSON: unknown = { notJson: true };

/**
 * A deep copy of `v` as `JSON.parse(JSON.stringify(v))` would make it, or NOT_JSON when `v` is
 * not JSON-safe (a non-finite number, a hole, a cycle, anything but a string, boolean, null,
 * array or plain object). Unlike the JSON round trip it consults nothing a program can change:
 * no `toJSON` (inherited ones included), no replaced `JSON`, no setter on a prototype.
 */
function copyJson(v: unknown, seen: Set<object>): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      // -0 becomes 0, as JSON has it.
      return NumberIsFinite(v) ? v + 0 : NOT_JSON;
    case "object": {
      if (v === null) return null;
      if (SetPrototypeHas(seen, v)) return NOT_JSON;
      SetPrototypeAdd(seen, v);
      let copy: unknown;
      if (ArrayIsArray(v)) {
        // Own indices only: a hole is not JSON-safe (JSON would turn it into null).
        const out: unknown[] = [];
        copy = out;
        for (let i = 0; i < v.length; i++) {
          const item = ObjectHasOwn(v, i) ? copyJson(v[i], seen) : NOT_JSON;
          if (item === NOT_JSON) {
            copy = NOT_JSON;
            break;
          }
          defineOwn(out, i, item);
        }
      } else {
        const proto = ObjectGetPrototypeOf(v);
        if ((proto !== ObjectPrototype && proto !== null) || ObjectGetOwnPropertySymbols(v).length !== 0) {
          copy = NOT_JSON;
        } else {
          const out: Record<string, unknown> = {};
          copy = out;
          const keys = ObjectKeys(v);
          for (let i = 0; i < keys.length; i++) {
            const item = copyJson((v as Record<string, unknown>)[keys[i]], seen);
            if (item === NOT_JSON) {
              copy = NOT_JSON;
              break;
            }
            defineOwn(out, keys[i], item);
          }
        }
      }
      SetPrototypeDelete(seen, v);
      return copy;
    }
    default:
      return NOT_JSON;
  }
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
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= StringPrototypeCharCodeAt(text, i);
    h = MathImul(h, 0x01000193);
  }
  let hex = NumberPrototypeToString(h >>> 0, 16);
  while (hex.length < 8) hex = "0" + hex;
  return hex;
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

/** `o[key]` when `o` has it as an own property, else undefined (nothing inherited is consulted). */
function ownValue(o: object, key: string): unknown {
  return ObjectHasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** A snapshot field for an error message, without converting an object (that would run its code). */
function describeField(v: unknown): string {
  return typeof v === "string" ? v : v === undefined || v === null ? StringCtor(v) : `(a ${typeof v})`;
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
    // Fields are defined, not assigned (Object.assign would run a setter a program put on
    // Object.prototype under a field's name), in the instance's own order: the copy gets the
    // same hidden class.
    const copy = ObjectCreate(ObjectGetPrototypeOf(this)) as this;
    const self = this as unknown as Record<string, unknown>;
    const names = ObjectKeys(self);
    for (let i = 0; i < names.length; i++) defineOwn(copy, names[i], self[names[i]]);
    return copy;
  }

  /** A plain JSON-safe object describing the instance; throws NOT_SERIALIZABLE for a local that is not. */
  snapshot(): Snapshot {
    const c = classOf(this);
    if (this._state === RUNNING) resumeFailed(this);
    const locals: Record<string, unknown> = {};
    const self = this as unknown as Record<string, unknown>;
    const names = savedLocals(c, this._state);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const v = self[name];
      if (v === undefined) continue;
      const copy = copyJson(v, new SetCtor());
      if (copy === NOT_JSON) {
        throw new CoroutineError(
          "NOT_SERIALIZABLE",
          `${c.site}: local '${name}' is not JSON-safe (in state ${this.state}), so the instance cannot be snapshotted`,
        );
      }
      defineOwn(locals, name, copy);
    }
    return { site: c.site, version: shapeVersion(c), state: this.state, locals };
  }

  /**
   * Load `snap` (from `snapshot()` of an instance of the same site) into this instance. Only
   * the snapshot's own properties count (nothing inherited, so nothing a program put on
   * Object.prototype), and every local is checked before any is loaded: a refused restore
   * changes nothing.
   */
  restore(snap: Snapshot): this {
    const c = classOf(this);
    const version = shapeVersion(c);
    const isObject = snap !== null && typeof snap === "object";
    const site = isObject ? ownValue(snap, "site") : undefined;
    const snapVersion = isObject ? ownValue(snap, "version") : undefined;
    const state = isObject ? ownValue(snap, "state") : undefined;
    const locals = isObject ? ownValue(snap, "locals") : undefined;
    const index = typeof state === "string" ? indexOfName(c.states, state) : -1;
    const names = index < 0 ? [] : savedLocals(c, index);
    const values: unknown[] = [];
    let fits = site === c.site && snapVersion === version && index >= 0 && locals !== null && typeof locals === "object";
    for (let i = 0; fits && i < names.length; i++) {
      const held = ObjectHasOwn(locals as object, names[i]) ? (locals as Record<string, unknown>)[names[i]] : undefined;
      const v = held === undefined ? undefined : copyJson(held, new SetCtor());
      if (v === NOT_JSON) fits = false;
      else defineOwn(values, i, v);
    }
    if (!fits) {
      throw new CoroutineError(
        "SNAPSHOT_MISMATCH",
        `${c.site}: snapshot of ${describeField(site)} (version ${describeField(snapVersion)}, state ${describeField(state)}) ` +
          `does not fit this coroutine (version ${version})`,
      );
    }
    if (this._state === RUNNING) resumeFailed(this);
    const self = this as unknown as Record<string, unknown>;
    for (let i = 0; i < names.length; i++) self[names[i]] = values[i];
    this._state = index;
    return this;
  }
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
const OPTIONAL_STATICS = ["liveLocals", "throwEntries", "returnEntries"];
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

/** `using r = value`: null and undefined are allowed; anything else needs [Symbol.dispose]. */
export function checkDisposable<T>(value: T): T {
  if (value !== null && value !== undefined && typeof (value as { [SymbolDispose]?: unknown })[SymbolDispose] !== "function") {
    throw new TypeErrorCtor("The value of a 'using' declaration must have a [Symbol.dispose]() method");
  }
  return value;
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
 * Dispose a `using` resource at the end of its scope. `throwing`: the scope is being left by an
 * exception `error`; an exception from the disposal then becomes a SuppressedError over it.
 */
export function dispose(resource: unknown, throwing: boolean, error: unknown): void {
  if (resource === null || resource === undefined) return;
  try {
    (resource as { [SymbolDispose](): void })[SymbolDispose]();
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
