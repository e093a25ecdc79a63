import { expect } from "chai";
import { Poll, blockOn, fromPromise, join, select, sleep, toPollable, toPromise } from "../../runtime/index";
import type { Context, Future, Pollable, Waker } from "../../runtime/index";
import { Doubler } from "./fixtures";

type WakeMode = "self" | "timer" | "none";

/**
 * A hand-written future: pending `n` times, then ready with `value`. On a pending poll it wakes
 * its waker at once ("self"), from a timer ("timer"), or not at all ("none").
 */
class Countdown<T> implements Pollable<T> {
  polls = 0;
  returned = 0;
  constructor(
    private readonly n: number,
    private readonly value: T,
    private readonly mode: WakeMode = "self",
  ) {}
  poll(cx: Context): Poll<T> {
    this.polls++;
    if (this.polls > this.n) return Poll.ready(this.value);
    if (this.mode === "self") cx.waker.wake();
    else if (this.mode === "timer") setTimeout(() => cx.waker.wake(), 1);
    return Poll.pending;
  }
  return(): void {
    this.returned++;
  }
}

/** A future whose poll throws `error` on poll number `at`. */
class Thrower implements Pollable<never> {
  polls = 0;
  constructor(
    private readonly error: unknown,
    private readonly at = 1,
  ) {}
  poll(cx: Context): Poll<never> {
    if (++this.polls >= this.at) throw this.error;
    cx.waker.wake();
    return Poll.pending;
  }
}

/** A Context whose waker counts its wakes. */
function recorder(): Context & { wakes: number } {
  const cx = {
    wakes: 0,
    waker: {
      wake(): void {
        cx.wakes++;
      },
    },
  };
  return cx;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error("expected the promise to reject");
}

describe("runtime/executor", () => {
  describe("blockOn", () => {
    it("polls until ready and returns the value", () => {
      const f = new Countdown(3, "x");
      expect(blockOn(f)).to.equal("x");
      expect(f.polls).to.equal(4);
      expect(blockOn({ poll: () => Poll.ready(7) })).to.equal(7);
    });

    it("throws, after one poll, for a pending future that did not wake its waker", () => {
      const f = new Countdown(1, "x", "none");
      expect(() => blockOn(f)).to.throw(Error, /outside event/);
      expect(f.polls).to.equal(1);
    });

    it("throws once a future stops waking, however many polls came before", () => {
      let polls = 0;
      const f: Pollable<number> = {
        poll(cx) {
          if (++polls <= 2) cx.waker.wake();
          return Poll.pending;
        },
      };
      expect(() => blockOn(f)).to.throw(/toPromise/);
      expect(polls).to.equal(3);
    });

    it("throws for sleep(), which needs a timer", () => {
      const s = sleep(5);
      try {
        expect(() => blockOn(s)).to.throw(/outside event/);
      } finally {
        s.return();
      }
    });

    it("propagates what a poll throws", () => {
      const err = new RangeError("bad");
      expect(() => blockOn(new Thrower(err, 3))).to.throw(err);
    });

    it("passes the same context to every poll", () => {
      const seen = new Set<Context>();
      let n = 0;
      blockOn({
        poll(cx: Context) {
          seen.add(cx);
          if (++n < 3) {
            cx.waker.wake();
            return Poll.pending;
          }
          return Poll.ready(n);
        },
      });
      expect(seen.size).to.equal(1);
    });

    it("runs a stackless future that awaits a synchronous one", () => {
      const log: string[] = [];
      const f = new Doubler(new Countdown(2, 21), log) as unknown as Future<number>;
      expect(blockOn(f)).to.equal(42);
      expect(log).to.deep.equal(["finally"]);
    });
  });

  describe("toPromise", () => {
    it("resolves with the value, polling once per timer wake", async () => {
      const f = new Countdown(3, "v", "timer");
      expect(await toPromise(f)).to.equal("v");
      expect(f.polls).to.equal(4);
    });

    it("polls once at once, then only when woken", async () => {
      const f = new Countdown(1, "v", "none");
      const p = toPromise(f);
      expect(f.polls).to.equal(1);
      await delay(20);
      expect(f.polls).to.equal(1);
      let settled = false;
      void p.then(() => (settled = true));
      await delay(5);
      expect(settled).to.equal(false);
    });

    it("counts several wakes before the next poll as one", async () => {
      let polls = 0;
      const f: Pollable<string> = {
        poll(cx) {
          if (++polls === 3) return Poll.ready("ok");
          cx.waker.wake();
          cx.waker.wake();
          cx.waker.wake();
          return Poll.pending;
        },
      };
      expect(await toPromise(f)).to.equal("ok");
      expect(polls).to.equal(3);
    });

    it("does not poll again after ready, whatever wakes", async () => {
      let polls = 0;
      let waker: Waker | undefined;
      const f: Pollable<number> = {
        poll(cx) {
          polls++;
          waker = cx.waker;
          return Poll.ready(1);
        },
      };
      expect(await toPromise(f)).to.equal(1);
      waker!.wake();
      waker!.wake();
      await delay(5);
      expect(polls).to.equal(1);
    });

    it("rejects with what a poll throws, on the first poll or a later one", async () => {
      const first = new Error("first");
      expect(await rejection(toPromise(new Thrower(first, 1)))).to.equal(first);
      const later = new Error("later");
      const t = new Thrower(later, 4);
      expect(await rejection(toPromise(t))).to.equal(later);
      expect(t.polls).to.equal(4);
    });

    it("lets timers run while a future keeps waking itself", async () => {
      let timerFired = false;
      setTimeout(() => (timerFired = true), 0);
      let polls = 0;
      const f: Pollable<string> = {
        poll(cx) {
          if (timerFired) return Poll.ready("timer ran");
          if (++polls > 5_000_000) return Poll.ready("starved");
          cx.waker.wake();
          return Poll.pending;
        },
      };
      expect(await toPromise(f)).to.equal("timer ran");
    });

    it("runs a stackless future that awaits a Promise", async () => {
      const log: string[] = [];
      const f = new Doubler(delay(5).then(() => 8), log) as unknown as Future<number>;
      expect(await toPromise(f)).to.equal(16);
      expect(log).to.deep.equal(["finally"]);
    });
  });

  describe("fromPromise", () => {
    it("is pending until the promise settles, then ready with its value", async () => {
      let resolve!: (v: number) => void;
      const f = fromPromise(new Promise<number>((r) => (resolve = r)));
      const cx = recorder();
      expect(f.poll(cx)).to.equal(Poll.pending);
      resolve(5);
      await delay(0);
      expect(cx.wakes).to.equal(1);
      expect(f.poll(cx)).to.deep.equal({ ready: true, value: 5 });
      expect(f.poll(cx)).to.deep.equal({ ready: true, value: 5 });
    });

    it("wakes only the waker of the latest poll, once", async () => {
      let resolve!: (v: string) => void;
      const f = fromPromise(new Promise<string>((r) => (resolve = r)));
      const a = recorder();
      const b = recorder();
      f.poll(a);
      f.poll(b);
      resolve("s");
      await delay(0);
      expect(a.wakes).to.equal(0);
      expect(b.wakes).to.equal(1);
    });

    it("rethrows a rejection from poll", async () => {
      const err = new Error("rejected");
      const f = fromPromise(Promise.reject(err));
      await delay(0);
      expect(() => f.poll(recorder())).to.throw(err);
      expect(() => f.poll(recorder())).to.throw(err);
    });

    it("accepts any thenable, even one that calls back synchronously", () => {
      const f = fromPromise<number>({
        then(ok) {
          (ok as (v: number) => void)(3);
          return undefined as never;
        },
      });
      expect(blockOn(f)).to.equal(3);
    });

    it("round-trips through toPromise", async () => {
      expect(await toPromise(fromPromise(Promise.resolve("p")))).to.equal("p");
      const err = new TypeError("t");
      expect(await rejection(toPromise(fromPromise(Promise.reject(err))))).to.equal(err);
    });
  });

  describe("sleep", () => {
    it("is ready after ms, counted from its first poll", async () => {
      const s = sleep(30);
      await delay(40);
      const cx = recorder();
      expect(s.poll(cx)).to.equal(Poll.pending, "the timer starts at the first poll, not at sleep()");
      await delay(10);
      expect(s.poll(cx)).to.equal(Poll.pending);
      expect(cx.wakes).to.equal(0);
      await delay(40);
      expect(cx.wakes).to.equal(1);
      expect(s.poll(cx)).to.deep.equal({ ready: true, value: undefined });
    });

    it("resolves through toPromise after about ms", async () => {
      const t0 = Date.now();
      await toPromise(sleep(25));
      expect(Date.now() - t0).to.be.at.least(20);
    });

    it("return() cancels the timer", async () => {
      const s = sleep(10);
      const cx = recorder();
      s.poll(cx);
      s.return();
      await delay(30);
      expect(cx.wakes).to.equal(0);
    });
  });

  describe("join", () => {
    it("is ready with all values in argument order", () => {
      const a = new Countdown(3, "a");
      const b = new Countdown(0, 2);
      const c = new Countdown(1, true);
      const values: [string, number, boolean] = blockOn(join(a, b, c));
      expect(values).to.deep.equal(["a", 2, true]);
    });

    it("polls only the futures that are not ready yet", () => {
      const a = new Countdown(3, "a");
      const b = new Countdown(0, "b");
      const c = new Countdown(1, "c");
      blockOn(join(a, b, c));
      expect([a.polls, b.polls, c.polls]).to.deep.equal([4, 1, 2]);
      expect([a.returned, b.returned, c.returned]).to.deep.equal([0, 0, 0]);
    });

    it("of nothing is ready with []", () => {
      expect(join().poll(recorder())).to.deep.equal({ ready: true, value: [] });
    });

    it("waits on the event loop through toPromise", async () => {
      expect(await toPromise(join(sleep(10), fromPromise(Promise.resolve(1)), new Countdown(2, "t", "timer")))).to.deep.equal([
        undefined,
        1,
        "t",
      ]);
    });

    it("abandons the pending futures and rethrows when one throws", () => {
      const done = new Countdown(0, "done");
      const pending = new Countdown(10, "p");
      const err = new Error("join");
      const j = join(done, new Thrower(err, 2), pending);
      expect(() => blockOn(j)).to.throw(err);
      expect(pending.returned).to.equal(1);
      expect(done.returned).to.equal(0);
      expect(() => j.poll(recorder())).to.throw(/abandoned or failed/);
    });

    it("return() abandons only the futures not ready yet", () => {
      const ready = new Countdown(0, 1);
      const pending = new Countdown(5, 2, "none");
      const j = join(ready, pending);
      expect(j.poll(recorder())).to.equal(Poll.pending);
      j.return();
      j.return();
      expect([ready.returned, pending.returned]).to.deep.equal([0, 1]);
    });
  });

  describe("select", () => {
    it("is ready with the index and value of the first ready future and abandons the others", () => {
      const slow = new Countdown(3, "slow");
      const fast = new Countdown(1, "fast");
      const plain = { poll: (cx: Context) => (cx.waker.wake(), Poll.pending) };
      const r: { index: number; value: string } = blockOn(select(slow, fast, plain));
      expect(r).to.deep.equal({ index: 1, value: "fast" });
      expect(slow.returned).to.equal(1);
      expect(fast.returned).to.equal(0);
    });

    it("prefers the lower index on a tie and stops polling there", () => {
      const a = new Countdown(0, "a");
      const b = new Countdown(0, "b");
      expect(blockOn(select(a, b))).to.deep.equal({ index: 0, value: "a" });
      expect(b.polls).to.equal(0);
      expect(b.returned).to.equal(1);
    });

    it("stays ready with the same result and abandons only once", () => {
      const loser = new Countdown(9, 0);
      const s = select(new Countdown(0, 1), loser);
      const first = s.poll(recorder());
      expect(first).to.deep.equal({ ready: true, value: { index: 0, value: 1 } });
      expect(s.poll(recorder())).to.deep.equal(first);
      expect(loser.returned).to.equal(1);
    });

    it("runs a losing stackless future's pending finally through return()", async () => {
      const log: string[] = [];
      const loser = new Doubler(new Countdown(1000, 1, "timer"), log) as unknown as Future<number>;
      const r = await toPromise(select(loser, sleep(5)));
      expect(r).to.deep.equal({ index: 1, value: undefined });
      expect(log).to.deep.equal(["finally"]);
      expect(loser.done).to.equal(true);
    });

    it("cancels a losing sleep", async () => {
      const t0 = Date.now();
      const s = sleep(60_000);
      let cancelled = 0;
      const tracked = Object.assign(Object.create(s) as typeof s, {
        return() {
          cancelled++;
          s.return();
        },
      });
      expect(await toPromise(select(tracked, fromPromise(Promise.resolve("now"))))).to.deep.equal({ index: 1, value: "now" });
      expect(cancelled).to.equal(1);
      expect(Date.now() - t0).to.be.below(1000);
    });

    it("abandons the others and rethrows when a poll throws", () => {
      const a = new Countdown(5, 1);
      const b = new Countdown(5, 2);
      const err = new Error("select");
      expect(() => blockOn(select(a, new Thrower(err, 2), b))).to.throw(err);
      expect([a.returned, b.returned]).to.deep.equal([1, 1]);
    });

    it("return() abandons every future", () => {
      const a = new Countdown(5, 1, "none");
      const b = new Countdown(5, 2, "none");
      const s = select(a, b);
      s.poll(recorder());
      s.return();
      expect([a.returned, b.returned]).to.deep.equal([1, 1]);
    });

    it("of nothing is a RangeError", () => {
      expect(() => select()).to.throw(RangeError);
    });
  });

  describe("toPollable", () => {
    it("returns a future as it is", () => {
      const f = new Countdown(0, 1);
      expect(toPollable(f)).to.equal(f);
    });

    it("wraps a Promise or thenable", async () => {
      const p = toPollable(Promise.resolve(4));
      expect(p).to.not.have.property("then");
      expect(await toPromise(p)).to.equal(4);
      expect(await toPromise(toPollable({ then: (ok: (v: number) => void) => ok(9) } as PromiseLike<number>))).to.equal(9);
    });

    it("prefers poll over then on an object that has both", () => {
      const both = { poll: () => Poll.ready("poll"), then: () => undefined } as unknown as Pollable<string>;
      expect(toPollable(both)).to.equal(both);
    });

    it("throws a TypeError on anything else", () => {
      for (const x of [42, "s", null, undefined, {}, () => 1]) {
        expect(() => toPollable(x as unknown as Pollable<unknown>), String(x)).to.throw(TypeError, /await_/);
      }
    });
  });
});
