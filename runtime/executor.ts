/**
 * The futures executor: run a future to a Promise (`toPromise`) or synchronously (`blockOn`),
 * make futures out of Promises and timers (`fromPromise`, `sleep`), and combine them (`join`,
 * `select`). A future is anything with `poll(cx)` (see ./poll); a stackless `future(...)` instance
 * is one, and so is any hand-written object. `toPollable` is what generated code calls for
 * `await_(x)`.
 */
import { Poll } from "./poll";
import type { Context, Pollable, Waker } from "./poll";
import {
  ErrorCtor,
  FunctionPrototypeCall,
  PromiseCtor,
  RangeErrorCtor,
  StringCtor,
  TypeErrorCtor,
  defineOwn,
  queueMicrotaskIntrinsic,
  setImmediateIntrinsic,
  setTimeoutIntrinsic,
  clearTimeoutIntrinsic,
} from "./primordials";

/** A future that may also be abandoned: `return()` runs its pending clean-up (stackless futures have it). */
type Abandonable = { return?: () => unknown };

function isPollable(x: unknown): x is Pollable<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as Pollable<unknown>).poll === "function";
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as PromiseLike<unknown>).then === "function";
}

/** Call `return()` on every future in `fs` that has one; rethrow the first error after trying all. */
function abandon(fs: readonly unknown[]): void {
  let failed = false;
  let error: unknown;
  for (let i = 0; i < fs.length; i++) {
    const f = fs[i];
    const r = f !== null && (typeof f === "object" || typeof f === "function") ? (f as Abandonable).return : undefined;
    if (typeof r !== "function") continue;
    try {
      FunctionPrototypeCall(r, f);
    } catch (e) {
      if (!failed) {
        failed = true;
        error = e;
      }
    }
  }
  if (failed) throw error;
}

/** A copy of the runtime's own list (not `slice`, which a program may replace). */
function copyList<T>(list: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < list.length; i++) defineOwn(out, i, list[i]);
  return out;
}

/** Every element of `fs` but the one at `skip`, in order. */
function allBut<T>(fs: readonly T[], skip: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < fs.length; i++) if (i !== skip) defineOwn(out, out.length, fs[i]);
  return out;
}

/** Abandon `fs` on the way out of a failed poll: the poll's own error wins over a clean-up error. */
function abandonQuietly(fs: readonly unknown[]): void {
  try {
    abandon(fs);
  } catch {
    // the error being propagated is the one the caller sees
  }
}

/** How many wakes in a row are served on microtasks before one goes through a macrotask (so a future that keeps waking itself cannot starve timers and I/O). */
const MICROTASK_BUDGET = 1000;

const immediate = setImmediateIntrinsic;
const macrotask: (fn: () => void) => void = immediate ? (fn) => void immediate(fn) : (fn) => void setTimeoutIntrinsic(fn, 0);

/**
 * A Promise of `f`'s value. `f` is polled once at once (as an async function runs up to its first
 * `await`), then again on a microtask each time its waker is woken (several wakes before the poll
 * count as one). The Promise rejects with whatever a poll throws. A future that is pending and
 * never woken leaves the Promise pending forever.
 */
export function toPromise<T>(f: Pollable<T>): Promise<T> {
  return new PromiseCtor<T>((resolve, reject) => {
    let settled = false;
    let scheduled = false;
    let spins = 0;
    const run = (): void => {
      scheduled = false;
      if (settled) return;
      let p: Poll<T>;
      try {
        p = f.poll(cx);
      } catch (e) {
        settled = true;
        reject(e);
        return;
      }
      if (p.ready) {
        settled = true;
        resolve(p.value);
      }
    };
    const waker: Waker = {
      wake(): void {
        if (settled || scheduled) return;
        scheduled = true;
        if (++spins < MICROTASK_BUDGET) {
          queueMicrotaskIntrinsic(run);
        } else {
          spins = 0;
          macrotask(run);
        }
      },
    };
    const cx: Context = { waker };
    run();
  });
}

/**
 * Poll `f` synchronously until it is ready and return its value (or throw what a poll throws).
 * Only for futures that need no outside event: if a poll answers pending without having woken the
 * waker, nothing could ever wake it while this call holds the thread, so `blockOn` throws an Error
 * instead of waiting forever. (A future that wakes itself on every poll and never finishes still
 * loops forever, as `while (true)` would.)
 */
export function blockOn<T>(f: Pollable<T>): T {
  let woken = false;
  const cx: Context = {
    waker: {
      wake(): void {
        woken = true;
      },
    },
  };
  for (;;) {
    woken = false;
    const p = f.poll(cx);
    if (p.ready) return p.value;
    if (!woken) {
      throw new ErrorCtor(
        "blockOn(): the future is pending and did not wake its waker, so it waits for an outside event " +
          "(a timer, I/O, a Promise) that cannot arrive while blockOn holds the thread. " +
          "Use `await toPromise(future)` for futures that wait on the event loop.",
      );
    }
  }
}

class PromiseFuture<T> implements Pollable<T> {
  private settled: 0 | 1 | 2 = 0; // pending, fulfilled, rejected
  private result: unknown;
  private waker: Waker | undefined;

  constructor(p: PromiseLike<T>) {
    const settle = (how: 1 | 2, v: unknown): void => {
      if (this.settled) return;
      this.settled = how;
      this.result = v;
      const w = this.waker;
      this.waker = undefined;
      if (w) w.wake();
    };
    try {
      p.then(
        (v) => settle(1, v),
        (e) => settle(2, e),
      );
    } catch (e) {
      settle(2, e);
    }
  }

  poll(cx: Context): Poll<T> {
    if (this.settled === 1) return Poll.ready(this.result as T);
    if (this.settled === 2) throw this.result;
    this.waker = cx.waker;
    return Poll.pending;
  }
}

/**
 * A future that is ready with the promise's value once it settles; a rejection is thrown from
 * `poll`. The promise is subscribed to at once (so its rejection counts as handled); the waker of
 * the latest pending poll is woken when it settles.
 */
export function fromPromise<T>(p: PromiseLike<T>): Pollable<T> {
  return new PromiseFuture(p);
}

class SleepFuture implements Pollable<void> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fired = false;
  private waker: Waker | undefined;

  constructor(private readonly ms: number) {}

  poll(cx: Context): Poll<void> {
    if (this.fired) return Poll.ready(undefined);
    this.waker = cx.waker;
    if (this.timer === undefined) {
      this.timer = setTimeoutIntrinsic(() => {
        this.fired = true;
        const w = this.waker;
        this.waker = undefined;
        if (w) w.wake();
      }, this.ms);
    }
    return Poll.pending;
  }

  /** Abandon: cancel the timer (what `select` calls on a losing sleep). */
  return(): void {
    if (this.timer !== undefined && !this.fired) clearTimeoutIntrinsic(this.timer);
    this.waker = undefined;
  }
}

/**
 * A future that is ready (with `undefined`) `ms` milliseconds after its first poll, through
 * `setTimeout`. Its `return()` cancels the timer.
 */
export function sleep(ms: number): Pollable<void> & { return(): void } {
  return new SleepFuture(ms);
}

class JoinFuture<T extends unknown[]> implements Pollable<T> {
  private readonly values: unknown[];
  private readonly pending: boolean[];
  private remaining: number;
  private over = false; // abandoned, or a poll threw

  constructor(private readonly fs: readonly Pollable<unknown>[]) {
    this.values = [];
    this.pending = [];
    for (let i = 0; i < fs.length; i++) {
      defineOwn(this.values, i, undefined);
      defineOwn(this.pending, i, true);
    }
    this.remaining = fs.length;
  }

  poll(cx: Context): Poll<T> {
    if (this.over) throw new ErrorCtor("join(): polled after it was abandoned or failed");
    const { fs, pending, values } = this;
    for (let i = 0; i < fs.length; i++) {
      if (!pending[i]) continue;
      let p: Poll<unknown>;
      try {
        p = fs[i].poll(cx);
      } catch (e) {
        pending[i] = false;
        this.over = true;
        abandonQuietly(this.takePending());
        throw e;
      }
      if (p.ready) {
        values[i] = p.value;
        pending[i] = false;
        this.remaining--;
      }
    }
    return this.remaining === 0 ? Poll.ready(copyList(values) as T) : Poll.pending;
  }

  /** Abandon the futures that are not ready yet. */
  return(): void {
    if (this.over || this.remaining === 0) return;
    this.over = true;
    abandon(this.takePending());
  }

  private takePending(): Pollable<unknown>[] {
    const { fs, pending } = this;
    const rest: Pollable<unknown>[] = [];
    for (let i = 0; i < fs.length; i++) {
      if (pending[i]) defineOwn(rest, rest.length, fs[i]);
      pending[i] = false;
    }
    return rest;
  }
}

/**
 * A future that is ready with the values of all of `fs`, in argument order, once every one is
 * ready. Each poll polls only the ones that are not ready yet. If one throws, the others are
 * abandoned (`return()`) and the error propagates. `join()` of nothing is ready with `[]`.
 */
export function join<T extends unknown[]>(
  ...fs: { [K in keyof T]: Pollable<T[K]> }
): Pollable<T> & { return(): void } {
  return new JoinFuture<T>(fs as readonly Pollable<unknown>[]);
}

class SelectFuture<T> implements Pollable<{ index: number; value: T }> {
  private result: { index: number; value: T } | undefined;
  private finished = false;

  constructor(private readonly fs: readonly Pollable<T>[]) {}

  poll(cx: Context): Poll<{ index: number; value: T }> {
    if (this.result) return Poll.ready(this.result);
    if (this.finished) throw new ErrorCtor("select(): polled after it was abandoned or failed");
    const { fs } = this;
    for (let i = 0; i < fs.length; i++) {
      let p: Poll<T>;
      try {
        p = fs[i].poll(cx);
      } catch (e) {
        this.finished = true;
        abandonQuietly(allBut(fs, i));
        throw e;
      }
      if (p.ready) {
        this.finished = true;
        this.result = { index: i, value: p.value };
        abandon(allBut(fs, i));
        return Poll.ready(this.result);
      }
    }
    return Poll.pending;
  }

  /** Abandon every future (when the select itself is abandoned before one was ready). */
  return(): void {
    if (this.finished) return;
    this.finished = true;
    abandon(this.fs);
  }
}

/**
 * A future that is ready with `{ index, value }` of the first of `fs` to be ready. Each poll polls
 * them in argument order and stops at the first ready one (so ties go to the lower index); the
 * others are then abandoned by calling their `return()`, if they have one. If a poll throws, the
 * others are abandoned and the error propagates. `select()` of nothing is a RangeError, since it
 * could never be ready.
 */
export function select<T extends unknown[]>(
  ...fs: { [K in keyof T]: Pollable<T[K]> }
): Pollable<{ index: number; value: T[number] }> & { return(): void } {
  if (fs.length === 0) throw new RangeErrorCtor("select() needs at least one future: with none it could never be ready");
  return new SelectFuture<T[number]>(fs as readonly Pollable<T[number]>[]);
}

/**
 * What `await_(x)` polls: `x` itself when it has `poll` (a future), else a `fromPromise` of it when
 * it is a thenable. Anything else is a TypeError.
 */
export function toPollable<T>(f: Pollable<T> | PromiseLike<T>): Pollable<T> {
  if (isPollable(f)) return f as Pollable<T>;
  if (isPromiseLike(f)) return fromPromise(f);
  throw new TypeErrorCtor(`await_() expects a future (an object with poll(cx)) or a Promise, got ${describe(f)}`);
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "function") return "a function";
  if (typeof x === "object") return "an object without poll() or then()";
  return typeof x === "string" ? `"${x}"` : `${typeof x} ${StringCtor(x)}`;
}

export type { Context, Poll };
