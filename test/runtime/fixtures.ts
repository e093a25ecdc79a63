/**
 * Hand-written state machines that follow the contract in runtime/machine.ts's header comment, as
 * the transformer's output would: statics `states` / `locals` / `site` (and `throwEntries` /
 * `returnEntries` where a body has handlers), and a `resume` that checks the state, writes
 * RUNNING, dispatches, and writes the next state (or Done) before returning, setting PANICKED when
 * the body throws. Each one's doc comment shows the body it stands for.
 */
import { expect } from "chai";
import {
  CoroutineError,
  CoroutineMachine,
  FutureMachine,
  GeneratorMachine,
  PANICKED,
  Poll,
  RUNNING,
  resumeFailed,
  toPollable,
} from "../../runtime/index";
import type { Context, Pollable } from "../../runtime/index";

/**
 * coroutine((first: number) => {
 *   let sum = first, last: unknown, history: number[] = [];
 *   for (;;) {
 *     Add: last = yield_(sum);
 *     hook?.(this);                 // a body that calls back into its own instance
 *     if (last === "boom") throw new Error("boom");
 *     if (last === 0) return -sum;
 *     if (typeof last === "number") { history.push(last); sum += last; }
 *   }
 * })
 */
export class Accumulator extends CoroutineMachine {
  static readonly states: readonly string[] = ["Start", "Add", "Done"];
  static readonly locals: readonly string[] = ["sum", "last", "history"];
  static readonly site: string = "test/runtime/fixtures.ts#Accumulator";

  sum: number | undefined;
  last: unknown;
  history: number[] | undefined;
  hook: ((self: Accumulator) => void) | undefined;

  resume(input: unknown): number {
    const s = this._state;
    if (s < 0 || s > 1) return resumeFailed(this);
    this._state = RUNNING;
    try {
      if (s === 0) {
        this.sum = input as number;
        this.history = [];
      } else {
        this.last = input;
        if (this.hook) this.hook(this);
        if (input === "boom") throw new Error("boom");
        if (input === 0) {
          this._state = 2;
          return -this.sum!;
        }
        if (typeof input === "number") {
          this.history!.push(input);
          this.sum! += input;
        }
      }
      this._state = 1;
      return this.sum!;
    } catch (e) {
      this._state = PANICKED;
      throw e;
    }
  }
}

/**
 * generator(() => {
 *   let i = 0, error;
 *   try { while (i < limit) { Tick: yield_(i); i++; } }
 *   catch (e) { error = e; Caught: yield_(-1); return "recovered"; }
 *   return "end";
 * })
 * "Catch" is the catch block's entry: only `throw()` at Tick enters it (throwEntries[1] = 3).
 */
export class Counter extends GeneratorMachine {
  static readonly states: readonly string[] = ["Start", "Tick", "Caught", "Catch", "Done"];
  static readonly locals: readonly string[] = ["i", "error"];
  static readonly site: string = "test/runtime/fixtures.ts#Counter";
  static readonly throwEntries: readonly number[] = [0, 3, 0, 0];

  i: number | undefined;
  error: unknown;

  constructor(readonly limit = 3) {
    super();
  }

  resume(input: unknown): IteratorResult<number, string> {
    const s = this._state;
    if (s < 0 || s > 3) return resumeFailed(this);
    this._state = RUNNING;
    try {
      switch (s) {
        case 0:
          this.i = 0;
          break;
        case 1:
          this.i!++;
          break;
        case 2:
          this._state = 4;
          return { value: "recovered", done: true };
        case 3:
          this.error = input;
          this._state = 2;
          return { value: -1, done: false };
      }
      if (this.i! < this.limit) {
        this._state = 1;
        return { value: this.i!, done: false };
      }
      this._state = 4;
      return { value: "end", done: true };
    } catch (e) {
      this._state = PANICKED;
      throw e;
    }
  }
}

/**
 * coroutine((name: string) => {
 *   log.push("open " + name);
 *   try { A: yield_("a"); B: yield_("b"); }
 *   finally { log.push("close " + name); }
 *   return "end";
 * })
 * "Finally" is the finally block's entry for `return()` at A or B (returnEntries).
 */
export class Resource extends CoroutineMachine {
  static readonly states: readonly string[] = ["Start", "A", "B", "Finally", "Done"];
  static readonly locals: readonly string[] = ["name"];
  static readonly site: string = "test/runtime/fixtures.ts#Resource";
  static readonly returnEntries: readonly number[] = [0, 3, 3, 0];

  name: string | undefined;

  constructor(readonly log: string[]) {
    super();
  }

  resume(input: unknown): string | undefined {
    const s = this._state;
    if (s < 0 || s > 3) return resumeFailed(this);
    this._state = RUNNING;
    try {
      switch (s) {
        case 0:
          this.name = input as string;
          this.log.push("open " + this.name);
          this._state = 1;
          return "a";
        case 1:
          this._state = 2;
          return "b";
        case 2:
          this.log.push("close " + this.name);
          this._state = 4;
          return "end";
        default:
          this.log.push("close " + this.name);
          this._state = 4;
          return undefined;
      }
    } catch (e) {
      this._state = PANICKED;
      throw e;
    }
  }
}

/**
 * future((cx: Context) => {
 *   try { return await_(source) * 2; }
 *   finally { log.push("finally"); }
 * })
 * "Finally" is the finally block's entry for `return()` at Await1.
 */
export class Doubler extends FutureMachine {
  static readonly states: readonly string[] = ["Start", "Await1", "Finally", "Done"];
  static readonly locals: readonly string[] = ["awaited"];
  static readonly site: string = "test/runtime/fixtures.ts#Doubler";
  static readonly returnEntries: readonly number[] = [0, 2, 0];

  awaited: Pollable<number> | undefined;

  constructor(
    readonly source: Pollable<number> | PromiseLike<number>,
    readonly log: string[] = [],
  ) {
    super();
  }

  resume(cx: Context): Poll<number> {
    const s = this._state;
    if (s < 0 || s > 2) return resumeFailed(this);
    this._state = RUNNING;
    try {
      switch (s) {
        case 0:
          this.awaited = toPollable(this.source);
        // falls through
        case 1: {
          const p = this.awaited!.poll(cx);
          if (!p.ready) {
            this._state = 1;
            return Poll.pending;
          }
          this.awaited = undefined;
          this.log.push("finally");
          this._state = 3;
          return Poll.ready(p.value * 2);
        }
        default:
          this.awaited = undefined;
          this.log.push("finally");
          this._state = 3;
          return undefined as unknown as Poll<number>;
      }
    } catch (e) {
      this.log.push("finally");
      this._state = PANICKED;
      throw e;
    }
  }
}

/** Run `f`, expect it to throw a CoroutineError with `code` (the message shown on a mismatch), and return the error. */
export function expectCode(f: () => unknown, code: string): CoroutineError {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected CoroutineError ${code}`).to.be.instanceOf(CoroutineError);
  expect((caught as CoroutineError).code, (caught as Error).message).to.equal(code);
  return caught as CoroutineError;
}
