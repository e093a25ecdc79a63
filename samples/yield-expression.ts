/**
 * Three answers to "where does the input come in?", on the seed's names example:
 * yield is an expression (the first input is the parameter, each later one what `yield_`
 * evaluates to), yield at the start (the first `yield_()` takes the first input), and drop the
 * first (`function*`: the first input is lost).
 */
import { coroutine, generator, yield_ } from "stackless";
import { expectShown } from "./check";

export const isAnExpression = generator<string, string[], string>((name1: string) => {
  const name2 = yield_<string>(name1);
  const name3 = yield_<string>("Hello");
  return [name1, name2, name3];
});
expectShown('isAnExpression.resume("A")', isAnExpression.resume("A"), { value: "A", done: false });
expectShown('isAnExpression.resume("B")', isAnExpression.resume("B"), { value: "Hello", done: false });
expectShown('isAnExpression.resume("C")', isAnExpression.resume("C"), { value: ["A", "B", "C"], done: true });

export const atTheStart = coroutine.yieldAtStart<string, string[]>(() => {
  const name1 = yield_<string>();
  const name2 = yield_<string>([name1]);
  const name3 = yield_<string>(["Hello"]);
  return [name1, name2, name3];
});
expectShown('atTheStart.resume("A")', atTheStart.resume("A"), ["A"]);
expectShown('atTheStart.resume("B")', atTheStart.resume("B"), ["Hello"]);
expectShown('atTheStart.resume("C")', atTheStart.resume("C"), ["A", "B", "C"]);

export const dropTheFirst = generator<string, string[], string>(() => {
  const name1 = yield_<string>("Hello");
  const name2 = yield_<string>(name1);
  return [name1, name2];
});
expectShown('dropTheFirst.next("A")', dropTheFirst.next("A"), { value: "Hello", done: false });
expectShown('dropTheFirst.next("B")', dropTheFirst.next("B"), { value: "B", done: false });
expectShown('dropTheFirst.next("C")', dropTheFirst.next("C"), { value: ["B", "C"], done: true });
