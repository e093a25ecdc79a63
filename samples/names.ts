/**
 * "Yield at the start": the body takes no parameter; the first `yield_()` executed receives the
 * first resume's input without suspending (its argument, if any, is never output).
 */
import { coroutine, yield_ } from "stackless";
import { show } from "./show";

export const names = coroutine.yieldAtStart(() => {
  const name1 = yield_<string>();
  const name2 = yield_<string>([name1]);
  const name3 = yield_<string>(["Hello"]);
  return [name1, name2, name3];
});

show('names.resume("A")', names.resume("A"));
show('names.resume("B")', names.resume("B"));
show('names.resume("C")', names.resume("C"));
show("names.done", names.done);
