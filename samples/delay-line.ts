/**
 * eRFC 2033, the generators Rust has today: `resume()` takes nothing, so the only way in is shared
 * state. The seed's delay line pushes each input onto a queue that holds 0, 1 and yields what it
 * pops: 6→0, 7→1, 8→6, 9→7. Without a parameter the body has `function*` semantics.
 */
import { generator, yield_ } from "stackless";
import { show } from "./show";
import { expectShown } from "./check";

// "This works great."
export const gen = generator<number, string>(() => {
  yield_(1);
  return "foo";
});
expectShown("gen.resume()", gen.resume(undefined), { value: 1, done: false });
expectShown("gen.resume()", gen.resume(undefined), { value: "foo", done: true });

// "Good luck doing something like this."
const queue: number[] = [0, 1];
export const delay = generator<number, never>(() => {
  for (;;) yield_(queue.shift()!);
});
/** The `FnPinMut(u32) -> u32` the seed wants, written around the generator. */
function delayed(input: number): number {
  queue.push(input);
  const r = delay.resume(undefined);
  if (r.done) throw new Error("the delay line ended");
  return r.value;
}

show("queue", queue);
expectShown("delayed(6)", delayed(6), 0);
expectShown("delayed(7)", delayed(7), 1);
expectShown("delayed(8)", delayed(8), 6);
expectShown("delayed(9)", delayed(9), 7);
