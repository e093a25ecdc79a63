/**
 * The built-ins the runtime uses, taken once when it loads (the model is Node.js core's
 * `primordials`), so that a program that later replaces `Array.prototype.push`,
 * `Function.prototype.call`, `Object.assign`, an array's iterator or the like sees none of its
 * replacements called by stackless, and cannot change what the runtime computes.
 *
 * Rules for runtime code: call methods of built-ins only through the uncurried forms below
 * (`ArrayPrototypeIndexOf(list, x)`, not `list.indexOf(x)`); loop over the runtime's own arrays
 * with an index (never `for…of`, spread, `map` and friends); read no property that may be
 * missing from an object the runtime does not own (a missing property is looked up on
 * `Object.prototype`, where a program may have put an accessor); and write into fresh objects and
 * arrays with `defineOwn` (an assignment would run a setter a program put on `Object.prototype`
 * or `Array.prototype`).
 */

const FunctionPrototype = Function.prototype;
const FunctionPrototypeCallIntrinsic = FunctionPrototype.call;

/**
 * `uncurryThis(Array.prototype.indexOf)(list, x)` is `list.indexOf(x)` with the intrinsic
 * `indexOf`, whatever `Array.prototype` or `Function.prototype.call` hold by then. A bound
 * `call` keeps its target: replacing `Function.prototype.call` later does not reach it.
 */
function uncurryThis<F extends (this: never, ...args: never[]) => unknown>(
  fn: F,
): (self: ThisParameterType<F>, ...args: Parameters<F>) => ReturnType<F> {
  return FunctionPrototypeCallIntrinsic.bind(fn as unknown as (...args: unknown[]) => unknown) as never;
}

/** `FunctionPrototypeCall(f, self, ...args)` is `f.call(self, ...args)` with the intrinsic `call`. */
export const FunctionPrototypeCall: (fn: unknown, self: unknown, ...args: unknown[]) => unknown = uncurryThis(
  FunctionPrototypeCallIntrinsic as (this: never, ...args: never[]) => unknown,
) as never;

export const FunctionPrototypeBind: (fn: (...args: never[]) => unknown, self: unknown) => unknown = uncurryThis(
  FunctionPrototype.bind as (this: never, ...args: never[]) => unknown,
) as never;

export const ObjectCtor = Object;
export const ObjectPrototype = Object.prototype;
export const ObjectCreate = Object.create;
export const ObjectDefineProperty = Object.defineProperty;
export const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
export const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
export const ObjectGetPrototypeOf = Object.getPrototypeOf;
export const ObjectKeys = Object.keys;
export const ObjectHasOwn: (o: object, key: PropertyKey) => boolean = uncurryThis(
  ObjectPrototype.hasOwnProperty as (this: never, key: PropertyKey) => boolean,
) as never;
export const ReflectOwnKeys = Reflect.ownKeys;
export const ReflectApply = Reflect.apply;
export const ReflectConstruct = Reflect.construct;
export const ArrayIsArray = Array.isArray;
export const ArrayPrototype = Array.prototype;
export const ObjectIs = Object.is;
export const ObjectIsExtensible = Object.isExtensible;
export const NumberIsInteger = Number.isInteger;
export const BigIntCtor = (globalThis as { BigInt?: (v: string) => bigint }).BigInt;
export const BigIntPrototypeToString: ((n: bigint) => string) | undefined =
  typeof BigInt === "function" ? (uncurryThis(BigInt.prototype.toString as (this: never) => string) as never) : undefined;
export const MapCtor = Map;
export const MapPrototypeGet: (m: Map<unknown, unknown>, k: unknown) => unknown = uncurryThis(
  Map.prototype.get as (this: never, k: unknown) => unknown,
) as never;
export const MapPrototypeSet: (m: Map<unknown, unknown>, k: unknown, v: unknown) => Map<unknown, unknown> = uncurryThis(
  Map.prototype.set as (this: never, k: unknown, v: unknown) => Map<unknown, unknown>,
) as never;
export const NumberIsFinite = Number.isFinite;
export const MathImul = Math.imul;
export const StringCtor = String;
export const StringPrototypeCharCodeAt: (s: string, i: number) => number = uncurryThis(
  String.prototype.charCodeAt as (this: never, i: number) => number,
) as never;
export const NumberPrototypeToString: (n: number, radix: number) => string = uncurryThis(
  Number.prototype.toString as (this: never, radix: number) => string,
) as never;
export const TypeErrorCtor = TypeError;
export const ErrorCtor = Error;
export const RangeErrorCtor = RangeError;
export const PromiseCtor = Promise;
export const SymbolIterator: typeof Symbol.iterator = Symbol.iterator;
export const SymbolDispose: typeof Symbol.dispose = Symbol.dispose;
export const SuppressedErrorCtor = (globalThis as { SuppressedError?: new (e: unknown, s: unknown, m: string) => Error })
  .SuppressedError;
export const SetCtor = Set;
export const SetPrototypeHas: (s: Set<unknown>, v: unknown) => boolean = uncurryThis(
  Set.prototype.has as (this: never, v: unknown) => boolean,
) as never;
export const SetPrototypeAdd: (s: Set<unknown>, v: unknown) => Set<unknown> = uncurryThis(
  Set.prototype.add as (this: never, v: unknown) => Set<unknown>,
) as never;
export const SetPrototypeDelete: (s: Set<unknown>, v: unknown) => boolean = uncurryThis(
  Set.prototype.delete as (this: never, v: unknown) => boolean,
) as never;
export const queueMicrotaskIntrinsic = queueMicrotask;
export const setImmediateIntrinsic: ((fn: () => void) => unknown) | undefined =
  typeof setImmediate === "function" ? setImmediate : undefined;
export const setTimeoutIntrinsic = setTimeout;
export const clearTimeoutIntrinsic = clearTimeout;

/**
 * Create (or overwrite) an own, enumerable, writable, configurable data property, as an object
 * literal or `JSON.parse` does: no setter on a prototype runs. The descriptor has no prototype,
 * so `get`/`set` on Object.prototype cannot sneak into it.
 */
export function defineOwn(target: object, key: PropertyKey, value: unknown): void {
  ObjectDefineProperty(target, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
}
