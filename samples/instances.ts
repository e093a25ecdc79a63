/**
 * What every instance has: `state` (the name of the current state), the generated class's
 * `states`, `done`, `snapshot()` / `restore()` / `clone()`, and the errors of a misused instance.
 */
import { coroutine, yield_, CoroutineError, type Coroutine, type MachineClass } from "stackless";
import { show, showThrow } from "./show";

/**
 * A turnstile: "coin" unlocks it, "push" lets one person through and locks it again. Its output
 * is a message; after `limit` people it closes for the day (the body returns: Done).
 */
export function turnstile(limit: number): Coroutine<"coin" | "push", string> {
  return coroutine((first: "coin" | "push") => {
    let event = first;
    let passed = 0;
    let refunded = 0;
    while (passed < limit) {
      if (event === "coin") {
        Unlocked: event = yield_("unlocked");
        while (event === "coin") {
          refunded++;
          Refund: event = yield_("already unlocked: coin returned");
        }
        passed++;
        if (passed === limit) break;
        Locked: event = yield_(`welcome, visitor ${passed}`);
      } else {
        Blocked: event = yield_("locked: insert a coin");
      }
    }
    return `closed after ${passed} visitors; coins returned: ${refunded}`;
  });
}

/** The generated class of an instance: where `states`, `locals` and `site` live. */
const classOf = (instance: object) => instance.constructor as unknown as MachineClass;

const gate = turnstile(2);
show("Class.states", classOf(gate).states);
show("gate.state", gate.state);
show('gate.resume("push")', gate.resume("push"), gate.state);
show('gate.resume("coin")', gate.resume("coin"), gate.state);
show('gate.resume("coin")', gate.resume("coin"), gate.state);

// A snapshot is plain JSON: store it anywhere, restore it into a fresh instance of the same site.
const saved = JSON.stringify(gate.snapshot());
const { version, ...rest } = JSON.parse(saved);
show("gate.snapshot()", rest, `and a version: ${/^[0-9a-f]{8}$/.test(version) ? "a hash of the states and saved locals" : version}`);

show('gate.resume("push")', gate.resume("push"), gate.state);
show('gate.resume("coin")', gate.resume("coin"), gate.state);
show('gate.resume("push")', gate.resume("push"), gate.state);
show("gate.done", gate.done);
showThrow('gate.resume("coin")', () => gate.resume("coin"));

const again = turnstile(2).restore(JSON.parse(saved));
show("restored.state", again.state);
const copy = again.clone();
show('restored.resume("push")', again.resume("push"), again.state);
show('clone.resume("coin")', copy.resume("coin"), `${copy.state}; the clone is independent`);

// A snapshot only fits the coroutine it was taken from.
const other = coroutine((x: number) => {
  Wait: x += yield_<number>(x);
  return x;
});
showThrow("other.restore(gate snapshot)", () => other.restore(JSON.parse(saved)));

// A resume from inside the instance's own body.
const selfish: Coroutine<number, number> = coroutine((n: number) => {
  for (;;) {
    const inner = n < 1 ? n : selfish.resume(n - 1);
    n = yield_<number>(inner);
  }
});
showThrow("selfish.resume(1)", () => selfish.resume(1));

// Errors are CoroutineErrors with a stable code (and a message for people).
try {
  gate.resume("push");
} catch (e) {
  if (e instanceof CoroutineError) {
    show("error.code", e.code);
    console.log(`  error.message: ${e.message}`);
  }
}
