/**
 * "Extend async": futures are coroutines `FnPinMut(&mut Context) -> Poll<T>`, and `yield_` is an
 * escape hatch beside `await_`. The seed's `some_function().await + 3` (states Start, Await1,
 * Done), `fuse_clone` (ready again on every poll), `pending_once` (always pending at least once),
 * then a real timer through `toPromise`, and cancellation through `select`, which abandons the
 * loser and so runs its `finally`.
 */
import { await_, future, Poll, select, sleep, toPromise, yield_, type Context, type Future, type Pollable } from "stackless";
import { show } from "./show";
import { expectShown } from "./check";

/** A context whose waker counts its wake-ups, for polling by hand. */
function countingContext(): Context & { wakes: number } {
  const cx = { wakes: 0, waker: { wake: () => void cx.wakes++ } };
  return cx;
}

/** A future (anything with `poll`) that is pending until `happen(value)` is called, then ready with it. */
function outsideEvent<T>(): Pollable<T> & { happen(value: T): void } {
  let poll: Poll<T> = Poll.pending;
  return { poll: () => poll, happen: (value) => void (poll = Poll.ready(value)) };
}

/** The seed's `some_function()`: pending on its first poll (after asking to be woken), then 39. */
export function someFunction(): Future<number> {
  return future((cx: Context) => {
    cx.waker.wake();
    yield_(Poll.pending);
    return 39;
  });
}

// await_ needs the context parameter: it polls the inner future with it.
export const myCoroutine = future((cx: Context) => await_(someFunction()) + 3);

const cx = countingContext();
expectShown("myCoroutine.state", myCoroutine.state, "Start");
expectShown("myCoroutine.poll(cx)", myCoroutine.poll(cx), Poll.pending);
expectShown("myCoroutine.state", myCoroutine.state, "Await1");
expectShown("myCoroutine.poll(cx)", myCoroutine.poll(cx), Poll.ready(42));
expectShown("myCoroutine.state", myCoroutine.state, "Done");

/** Ready with the same value on every poll once `f` is ready: a future that can be polled after the end. */
export function fuseClone<T>(f: Future<T>): Future<T> {
  return future((cx: Context) => {
    const value = await_(f);
    for (;;) {
      Ready: yield_(Poll.ready(value));
    }
  });
}

const fused = fuseClone(someFunction());
expectShown("fused.poll(cx)", fused.poll(cx), Poll.pending);
expectShown("fused.poll(cx)", fused.poll(cx), Poll.ready(39));
expectShown("fused.poll(cx)", fused.poll(cx), Poll.ready(39), "again: no panic after Ready");
expectShown("fused.poll(cx)", fused.poll(cx), Poll.ready(39));

/** Pending at least once, even when `f` is ready at once. */
export function pendingOnce<T>(f: Pollable<T>): Future<T> {
  return future((cx: Context) => {
    const first = f.poll(cx);
    if (first.ready) {
      cx.waker.wake();
      yield_(Poll.pending);
      return first.value;
    }
    return await_(f);
  });
}

const ready = future(() => "at once");
const once = pendingOnce(ready);
expectShown("once.poll(cx)", once.poll(cx), Poll.pending);
expectShown("once.poll(cx)", once.poll(cx), Poll.ready("at once"));
// A future that is pending until an outside event: `await_` polls it again at once, and it is
// still pending, so this one is pending because `f` is.
const event = outsideEvent<number>();
const later = pendingOnce(event);
expectShown("later.poll(cx)", later.poll(cx), Poll.pending);
expectShown("later.poll(cx)", later.poll(cx), Poll.pending, "the event has not happened");
event.happen(39);
expectShown("later.poll(cx)", later.poll(cx), Poll.ready(39));

/** A real timer: `sleep` wakes the executor from a setTimeout, and toPromise drives the future. */
export const timed = future((cx: Context) => {
  const before = Date.now();
  await_(sleep(20));
  return Date.now() - before >= 15 ? "slept" : "woke early";
});

const log: string[] = [];
/** The loser of the race: abandoned while it sleeps, it still runs its finally. */
export const slow = future((cx: Context) => {
  try {
    await_(sleep(10_000));
    log.push("slow finished");
    return "slow";
  } finally {
    log.push("slow's finally ran");
  }
});
export const fast = future((cx: Context) => {
  await_(sleep(5));
  return "fast";
});

/** Settles when the asynchronous part of the sample has checked its results (the runner waits). */
export const finished = (async () => {
  expectShown("await toPromise(timed)", await toPromise(timed), "slept");
  expectShown("await toPromise(select(slow, fast))", await toPromise(select(slow, fast)), { index: 1, value: "fast" });
  expectShown("log", log, ["slow's finally ran"], "the loser was cancelled");
  expectShown("slow.state", slow.state, "Done");
})();
show("cx.wakes", cx.wakes);
