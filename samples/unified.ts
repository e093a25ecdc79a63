/**
 * RFC 2781, unified coroutines: the resume arguments are the closure's arguments, reassigned on
 * every resume ("magic mutation"); `yield_` evaluates to undefined. As proposed it produces
 * IteratorResults (`generator.unified`); the "always end in `!`" variant (`coroutine.unified`)
 * outputs the values themselves, and a resume after the end panics: the `!`.
 */
import { coroutine, CoroutineError, generator, yield_ } from "stackless";
import { expectShown, expectThrows } from "./check";

export const gen = generator.unified<string, string, string>((name: string) => {
  yield_(name);
  yield_("Hello");
  return name;
});
expectShown('gen.resume("A")', gen.resume("A"), { value: "A", done: false });
expectShown('gen.resume("B")', gen.resume("B"), { value: "Hello", done: false });
expectShown('gen.resume("C")', gen.resume("C"), { value: "C", done: true });

export const endsInNever = coroutine.unified<string, string>((name: string) => {
  yield_(name);
  yield_("Hello");
  return name;
});
expectShown('endsInNever.resume("A")', endsInNever.resume("A"), "A");
expectShown('endsInNever.resume("B")', endsInNever.resume("B"), "Hello");
expectShown('endsInNever.resume("C")', endsInNever.resume("C"), "C");
expectThrows('endsInNever.resume("D")', () => endsInNever.resume("D"), (e) => (e instanceof CoroutineError ? `CoroutineError ${e.code}` : String(e)));
