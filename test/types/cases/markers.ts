/**
 * What the markers' declarations promise, checked by tsc --strict against the shipped
 * declarations (dist/runtime/*.d.ts, through the package's own name). Every `@ts-expect-error`
 * line is a call that must stay an error; the Equal checks pin inferred types. Not run.
 */
import { coroutine, generator, future, yield_, await_, machineClassOf, Poll } from "stackless";
import type { Coroutine, StacklessGenerator, Future, Instance } from "stackless";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsNever<T> = [T] extends [never] ? true : false;
function expectType<T extends true>(): void {}

// The README's summer, as the README writes it: the body's return type states the output.
export const summer = coroutine((first: number): number => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
const five = summer.resume(5);
expectType<Equal<typeof five, number>>();
// @ts-expect-error the output is a number
export const notAString: string = summer.resume(5);
// @ts-expect-error the body takes a number, and needs one
summer.resume();
// @ts-expect-error the body takes a number
summer.resume("4");

// Without the annotation the body never returns: the output is unknown, never `never`.
const bare = coroutine((first: number) => {
  let sum = first;
  for (;;) sum += yield_<number>(sum);
});
expectType<Equal<typeof bare, Coroutine<number, unknown>>>();
// @ts-expect-error unknown is not a string: the type forces a decision instead of lying
export const fromBare: string = bare.resume(5);

// No marker call infers never for what resume returns.
const forever = () => {
  for (;;) yield_(1);
};
const markers = {
  coroutine: coroutine(forever).resume(),
  yieldAtStart: coroutine.yieldAtStart(forever).resume(),
  loop: coroutine.loop(forever).resume(),
  unified: coroutine.unified(forever).resume(),
  voidBody: coroutine((x: number) => void yield_(x)).resume(1),
  generator: generator(forever).next(),
  generatorUnified: generator.unified(forever).next(),
};
expectType<Equal<IsNever<(typeof markers)[keyof typeof markers]>, false>>();
expectType<Equal<typeof markers.coroutine, unknown>>();
expectType<Equal<typeof markers.yieldAtStart, unknown>>();
expectType<Equal<typeof markers.loop, unknown>>();
expectType<Equal<typeof markers.unified, unknown>>();
expectType<Equal<typeof markers.voidBody, unknown>>();
expectType<Equal<typeof markers.generator, IteratorResult<unknown, unknown>>>();
expectType<Equal<typeof markers.generatorUnified, IteratorResult<unknown, unknown>>>();

// A body that returns values outputs them, typed as TypeScript types the function's return (a
// literal returned on one path of several stays a literal); a fall-off end adds `undefined`.
const returns = coroutine((x: number) => {
  yield_(x);
  return x * 2;
});
expectType<Equal<typeof returns, Coroutine<number, number>>>();
const sometimes = coroutine((x: number) => {
  if (x > 0) return "positive";
});
expectType<Equal<typeof sometimes, Coroutine<number, "positive" | undefined>>>();

// Type arguments state both types; the body is checked against them.
const stated = coroutine<number, string>((x) => {
  yield_(String(x));
});
expectType<Equal<typeof stated, Coroutine<number, string>>>();
// @ts-expect-error the body returns a number where the output is a string
coroutine<number, string>((x) => x);
// Only the input stated: the output is unknown.
const inputOnly = coroutine<number>((x) => x);
expectType<Equal<typeof inputOnly, Coroutine<number, unknown>>>();

// Parameterless bodies accept any input, without type arguments.
const dropsFirst = coroutine(() => {
  const x = yield_<string>("ready");
  return x.length;
});
dropsFirst.resume();
dropsFirst.resume("x");
expectType<Equal<typeof dropsFirst, Coroutine<unknown, number>>>();
const atStart = coroutine.yieldAtStart(() => {
  const first = yield_<string>();
  return first;
});
atStart.resume("x");
atStart.resume();
// An optional parameter makes the input optional too.
const optional = coroutine((x?: number) => (x ?? 0) + 1);
optional.resume();
optional.resume(2);
// @ts-expect-error but it still takes numbers
optional.resume("2");

// Generators: a parameterless body takes any input through next, resume and return(value?).
const counts = generator(() => {
  const got: unknown[] = [];
  for (let i = 0; i < 3; i++) got.push(yield_(i));
  return got.length;
});
counts.next();
counts.next("a");
counts.resume();
counts.resume("a");
const finished = counts.return(3);
expectType<Equal<typeof finished, IteratorResult<unknown, number>>>();
// @ts-expect-error return's value is typed by what the body returns
counts.return("3");
expectType<Equal<typeof counts, StacklessGenerator<unknown, number, unknown>>>();
// A body that returns nothing says nothing about the returned value, which is then what
// return(value) is given: unknown. Stated as void, return() takes nothing but undefined.
const noResult = generator(() => {
  yield_(1);
});
noResult.return();
const bye = noResult.return("bye");
expectType<Equal<typeof bye, IteratorResult<unknown, unknown>>>();
const statedVoid = generator<number, void>(() => {
  yield_(1);
});
statedVoid.return();
// @ts-expect-error R is stated as void
statedVoid.return(1);

// generator<number> cannot infer the rest (TypeScript infers all type arguments or none): the
// returned value is unknown, not the `void` that would hide the "r".
const typedYield = generator<number>(() => {
  yield_(1);
  return "r";
});
expectType<Equal<typeof typedYield, StacklessGenerator<number, unknown, unknown>>>();
const r = typedYield.next();
if (r.done) {
  // @ts-expect-error the returned value is unknown, not void
  const v: void = r.value;
  void v;
}
const allStated = generator<number, string, boolean>((flag) => {
  yield_(flag ? 1 : 0);
  return "r";
});
expectType<Equal<typeof allStated, StacklessGenerator<number, string, boolean>>>();
// @ts-expect-error the body takes a boolean
allStated.resume(1);
for (const n of allStated) expectType<Equal<typeof n, number>>();
const spread: number[] = [...generator<number, void>(() => void yield_(1))];

// yield_.from takes stackless generators, iterators and iterables, and evaluates to their result.
export const outer = generator(() => {
  const inner: string = yield_.from(generator<number, string>(() => "done"));
  const fromArray: undefined = yield_.from([1, 2]) as undefined;
  return [inner, fromArray];
});

// Futures: Poll of what the body returns.
const f = future((cx) => {
  const n = await_(Promise.resolve(1));
  void cx.waker;
  return n + 1;
});
expectType<Equal<typeof f, Future<number>>>();
const polled = f.poll({ waker: { wake() {} } });
if (Poll.isReady(polled)) expectType<Equal<typeof polled.value, number>>();

// Instances are Disposable without lib esnext.disposable, and reach their class without casts.
function disposeAll(items: Disposable[]): void {
  for (const item of items) item[Symbol.dispose]();
}
disposeAll([summer, counts, f]);
function statesOf(instance: Instance): readonly string[] {
  return machineClassOf(instance).states;
}
statesOf(summer);
export { spread, stated, returns, sometimes, allStated, inputOnly };
