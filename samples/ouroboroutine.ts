/**
 * The seed's ouroboroutine, `coroutine loop`: one state that eats its own tail. Each resume runs
 * the body from the top with the new input as its parameter; `return` outputs and starts over.
 * Over an outer `sum = 0` it never outputs 0: 1→1, 2→3. And the seed's `resume_if_you_dare`,
 * whose loop body suspends once and then panics: it panics on the second resume.
 */
import { coroutine, CoroutineError, yield_ } from "stackless";
import { show } from "./show";
import { expectShown, expectThrows } from "./check";

// `coroutine loop { sum += sum.yield }`: the seed's yield receives the input at the top of the
// loop; here the loop's parameter is that input, and `return sum` is the yield at the bottom.
let sum = 0;
export const summer = coroutine.loop((n: number) => {
  sum += n;
  return sum;
});

expectShown("summer.resume(1)", summer.resume(1), 1);
expectShown("summer.resume(2)", summer.resume(2), 3);
expectShown("summer.state", summer.state, "Start", "the loop's one state");

// `coroutine loop { ().yield; panic!() }`: the first resume stops at the yield, the second runs
// on into the panic, and the instance is Done as panicked from then on.
export const resumeIfYouDare = coroutine.loop<undefined, undefined>(() => {
  yield_(undefined);
  throw new Error("panic!()");
});

const describe = (e: unknown): string => (e instanceof CoroutineError ? `CoroutineError ${e.code}` : String(e));
expectShown("resumeIfYouDare.resume()", resumeIfYouDare.resume(undefined), undefined);
expectThrows("resumeIfYouDare.resume()", () => resumeIfYouDare.resume(undefined), describe);
expectShown("resumeIfYouDare.state", resumeIfYouDare.state, "Done", "panicked");
expectThrows("resumeIfYouDare.resume()", () => resumeIfYouDare.resume(undefined), describe);
