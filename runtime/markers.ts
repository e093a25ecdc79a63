/**
 * The markers users write. The transformer replaces every call of them (found syntactically by
 * their import from "stackless") with the construction of a generated state-machine class, so at
 * run time they only exist to fail loudly when that did not happen.
 */
import { CoroutineError, notTransformedMessage, outsideBodyMessage, refusedMessage } from "./errors";
import type { Snapshot } from "./machine";
import type { Context, Poll, Pollable } from "./poll";

// Declared here as lib.esnext.disposable declares them (the declarations merge), so that these
// declarations type-check with any lib from ES2020 up; machine.ts repeats them for its classes.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
  interface Disposable {
    [Symbol.dispose](): void;
  }
}

/**
 * The arguments of `resume`: the input may be left out when its type accepts `undefined` (the
 * `unknown` of a parameterless body, whose first input is dropped, or `T | undefined` from
 * `(x?: T) => …`); otherwise it is required.
 */
export type ResumeArgs<I> = undefined extends I ? [input?: I] : [input: I];

/**
 * The output type of a coroutine call. `O` is the second type argument when one is written;
 * without type arguments it is `unknown`, and the body's return type `R` decides: a body that
 * returns values outputs them, while one that never returns (`never`) or returns nothing (`void`)
 * says nothing about what its `yield_` calls output, so the output stays `unknown` rather than the
 * `never` that would type every resume as unreachable.
 */
export type OutputOf<O, R> = unknown extends O ? ReturnedOutput<R> : O;

/** What a body's return type says about its output: nothing (`unknown`) for `never` and `void`; `any` stays `any`. */
export type ReturnedOutput<R> = 0 extends 1 & R ? R : [R] extends [never] ? unknown : [R] extends [void] ? unknown : R;

/**
 * A generator's `R`: the second type argument when one is written; without type arguments the
 * body's return type `B`, except that a body that never returns or returns nothing gives
 * `unknown` (what `return(value)` is given is then the returned value), never `never`.
 */
export type ReturnOf<R, B> = unknown extends R ? ReturnedOutput<B> : R;

/** What every instance has, whatever its marker. */
export interface Instance {
  /** The current state's name: "Start", a label or YieldN, "Done". */
  readonly state: string;
  /** True once the instance is in Done. */
  readonly done: boolean;
  /** An independent copy of the suspended instance (saved locals copied shallowly). */
  clone(): this;
  /** A plain JSON-safe object `{ site, version, state, locals }`. */
  snapshot(): Snapshot;
  /** Load a snapshot of the same site into this (fresh) instance. */
  restore(snapshot: Snapshot): this;
  [Symbol.dispose](): void;
}

/** A `coroutine(...)` instance: every resume takes an `I` and outputs an `O`. */
export interface Coroutine<I, O> extends Instance {
  /** Run to the next suspension; the input may be left out when `I` accepts `undefined`. */
  resume(...input: ResumeArgs<I>): O;
  /** Resume by throwing `error` at the suspension point; outputs what the body outputs next. */
  throw(error: unknown): O;
  /** Abandon: run pending `finally` blocks, enter Done. Outputs what a yielding `finally` outputs. */
  return(): O | undefined;
}

/** A `generator(...)` instance: a JS iterator whose `next`/`resume` take an `I`. */
export interface StacklessGenerator<Y, R = unknown, I = unknown> extends Instance, Iterator<Y, R, I> {
  resume(...input: ResumeArgs<I>): IteratorResult<Y, R>;
  next(...[value]: [] | [I]): IteratorResult<Y, R>;
  throw(error: unknown): IteratorResult<Y, R>;
  return(value?: R): IteratorResult<Y, R>;
  [Symbol.iterator](): StacklessGenerator<Y, R, I>;
}

/** A `future(...)` instance: polled with a Context until it is ready with a `T`. */
export interface Future<T> extends Instance, Pollable<T> {
  resume(cx: Context): Poll<T>;
  poll(cx: Context): Poll<T>;
  throw(error: unknown): Poll<T>;
  return(): Poll<T> | undefined;
}

function notTransformed(marker: string): never {
  throw new CoroutineError("NOT_TRANSFORMED", notTransformedMessage(marker));
}

function outsideBody(suspension: string): never {
  throw new CoroutineError("NOT_TRANSFORMED", outsideBodyMessage(suspension));
}

/**
 * What the transformer puts in place of a marker call it refused (support for generated code):
 * takes the call's own arguments, so they are evaluated as the marker call would, and throws
 * NOT_TRANSFORMED with the refusal's code and reason.
 */
export function notCompiled(marker: string, code: number, reason: string, where: string, ..._args: unknown[]): never {
  throw new CoroutineError("NOT_TRANSFORMED", refusedMessage(marker, code, reason, where));
}

/*
 * The markers' type parameters. TypeScript types a marker call from the body's signature alone,
 * so `yield_` operands never reach `O` or `Y`: without type arguments the input is the body's
 * parameter type (`unknown` for a parameterless body, which accepts any input), and the output
 * comes from `return` (see OutputOf, ReturnOf). The last type parameter (the body's return type)
 * is not meant to be written: it only lets a call without type arguments see what the body returns.
 */
export interface CoroutineMarker {
  /** "Yield is an expression": the first resume's input is the parameter; `yield_(out)` evaluates to the next input. */
  <I = unknown, O = unknown, R = O | void>(body: (first: I) => R): Coroutine<I, OutputOf<O, R>>;
  /** "Yield at the start": the first `yield_()` executed receives the first input without suspending. */
  yieldAtStart<I = unknown, O = unknown, R = O | void>(body: () => R): Coroutine<I, OutputOf<O, R>>;
  /** Ouroboroutine: returning (or falling off the end) starts the body again on the next resume. */
  loop<I = unknown, O = unknown, R = O | void>(body: (input: I) => R): Coroutine<I, OutputOf<O, R>>;
  /** Unified: `yield_(out)` evaluates to undefined; the parameter is reassigned to each new input. */
  unified<I = unknown, O = unknown, R = O | void>(body: (input: I) => R): Coroutine<I, OutputOf<O, R>>;
}

export interface GeneratorMarker {
  /** eRFC 2033 generators (with a parameter) and JS `function*` semantics (without one: the first input is dropped). */
  <Y = unknown, R = unknown, I = unknown, B = R>(body: (first: I) => B): StacklessGenerator<Y, ReturnOf<R, B>, I>;
  /** Unified generators: `yield_` evaluates to undefined; the parameter is reassigned to each new input. */
  unified<Y = unknown, R = unknown, I = unknown, B = R>(body: (input: I) => B): StacklessGenerator<Y, ReturnOf<R, B>, I>;
}

export interface FutureMarker {
  /** A future: `cx` is rebound on every poll; `await_(f)` polls another future or a Promise. */
  <T>(body: (cx: Context) => T): Future<T>;
}

/** What `yield_.from` accepts besides iterators (the three-argument `Iterable` needs TypeScript 5.6). */
export interface DelegateIterable<R> {
  [Symbol.iterator](): Iterator<unknown, R, any>;
}

export interface YieldMarker {
  /** Suspend, outputting `out`; evaluates to the next resume's input (undefined under `unified`). */
  <I = any>(out?: unknown): I;
  /** Delegate to `inner` (a stackless generator or any JS iterator) until it completes; evaluates to its return value. */
  from<R = any>(inner: Iterator<unknown, R, any> | DelegateIterable<R> | StacklessGenerator<unknown, R, any>): R;
}

export const coroutine: CoroutineMarker = Object.assign(
  function coroutine(_body: unknown): never {
    return notTransformed("coroutine");
  } as unknown as CoroutineMarker,
  {
    yieldAtStart: (_body: unknown): never => notTransformed("coroutine.yieldAtStart"),
    loop: (_body: unknown): never => notTransformed("coroutine.loop"),
    unified: (_body: unknown): never => notTransformed("coroutine.unified"),
  },
);

export const generator: GeneratorMarker = Object.assign(
  function generator(_body: unknown): never {
    return notTransformed("generator");
  } as unknown as GeneratorMarker,
  {
    unified: (_body: unknown): never => notTransformed("generator.unified"),
  },
);

export const future: FutureMarker = function future(_body: unknown): never {
  return notTransformed("future");
};

export const yield_: YieldMarker = Object.assign(
  function yield_(_out?: unknown): never {
    return outsideBody("yield_");
  } as unknown as YieldMarker,
  {
    from: (_inner: unknown): never => outsideBody("yield_.from"),
  },
);

/** Poll `f` (a future or a Promise) until it is ready, yielding `Poll.pending` in between. */
export function await_<T>(_f: Pollable<T> | PromiseLike<T>): T {
  return outsideBody("await_");
}
