/**
 * The seed's proof-of-concept summer, "yield at the start": the first `yield_()` takes the first
 * resume's input without suspending (its output, the seed's `()`, is never produced), then every
 * `yield_(sum)` outputs the running sum and takes the next number. Seed: 5→5, 4→9, 3→12.
 */
import { coroutine, yield_ } from "stackless";
import { show } from "./show";
import { expectShown } from "./check";

export const summer = coroutine.yieldAtStart<number, number>(() => {
  let sum = yield_<number>();
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});

show("summer.state", summer.state);
expectShown("summer.resume(5)", summer.resume(5), 5);
expectShown("summer.resume(4)", summer.resume(4), 9);
expectShown("summer.resume(3)", summer.resume(3), 12);
expectShown("summer.state", summer.state, "Add");
