/**
 * The seed's summer: a coroutine that takes a number on every resume and outputs the running sum.
 * The first resume's input is the body's parameter; every later one is what `yield_` evaluates to.
 */
import { coroutine, yield_ } from "stackless";
import { show } from "./show";

export const summer = coroutine((first: number) => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});

show("summer.state", summer.state);
show("summer.resume(5)", summer.resume(5));
show("summer.resume(4)", summer.resume(4));
show("summer.resume(3)", summer.resume(3));
show("summer.state", summer.state);
