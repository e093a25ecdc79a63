/**
 * The stackless codes the end-to-end suites expect, one line each: a module whose only stackless
 * diagnostic is `code`, spanning the first occurrence of `span` at or after `after` (when given).
 * Each module is otherwise clean under every rule: its instances are exported (used, escaping)
 * and its bodies are generators (no reachable end to report). Adding a code is one line here.
 */
export interface CodeCase {
  readonly code: number;
  readonly source: string;
  readonly span: string;
  readonly after?: string;
}

const IMPORT = `import { generator, yield_ } from "stackless";\n`;

const COROUTINE = `import { coroutine, yield_ } from "stackless";\n`;

export const CODE_CASES: readonly CodeCase[] = [
  { code: 70001, source: `${COROUTINE}const c = coroutine((x: number) => { yield_<number>(x); return 0; });\nc.resume(1);\nc.resume(2);\nc.resume(3);\n`, span: "c.resume", after: "c.resume(2);\n" },
  { code: 70002, source: `${COROUTINE}const c = coroutine(() => { for (;;) yield_<number>(0); });\nc.resume(5);\nc.resume(6);\n`, span: "5" },
  { code: 70003, source: `${IMPORT}export function outside(): unknown { return yield_(1); }\nexport const g = generator(() => { yield_(0); });\n`, span: "yield_", after: "return " },
  { code: 70004, source: `${COROUTINE}export const c = coroutine<number, number>((x) => { for (;;) x += yield_<number>("text"); });\n`, span: `"text"` },
  { code: 70005, source: `${COROUTINE}export const c = coroutine((x: number) => { yield_<number>(x); });\n`, span: "}", after: "yield_<number>(x); " },
  { code: 70006, source: `${IMPORT}generator(() => { yield_(1); });\n`, span: "generator", after: "\n" },
  { code: 70007, source: `${IMPORT}export const g = generator(() => { enum E { A } yield_(E.A); });\n`, span: "enum E { A }" },
  { code: 70008, source: `${IMPORT}export const g = generator(() => { A: yield_(1); A: yield_(2); });\n`, span: "yield_(2)" },
  { code: 70009, source: `${COROUTINE}export const c = coroutine((x: number) => { for (;;) { const got = yield_(x); x = got; } });\n`, span: "yield_", after: "const got = " },
];

/** The text a case's diagnostic must span, and where it starts. */
export function expectedSpan(c: CodeCase): { start: number; text: string } {
  const from = c.after ? c.source.indexOf(c.after) + c.after.length : 0;
  return { start: c.source.indexOf(c.span, from), text: c.span };
}

/**
 * Near misses: code that looks like misuse of each kind and is not, so no rule may report
 * anything here (a false 70001 in the editor makes users remove the plugin).
 */
export const NEAR_MISSES = `import { coroutine, generator, future, yield_, await_, type Coroutine } from "stackless";

declare function keep(c: unknown): void;

// Escapes: passed to a function, stored, returned; a bounded body resumed within its bound.
export const summer = coroutine((first: number) => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
const passed = coroutine(() => { yield_(1); return 2; });
keep(passed);
passed.resume();
const stored = [coroutine(() => { yield_(1); return 2; })];
stored[0].resume();
stored[0].resume();
export function make(): Coroutine<unknown, number> {
  return coroutine(() => { yield_(1); return 2; });
}

// Unbounded loops: no bound to run past.
const ticker = generator(() => {
  let n = 0;
  while (true) yield_(n++);
});
for (let i = 0; i < 10; i++) ticker.next();

// The first input kept: the body takes a parameter.
const echo = coroutine((first: string) => {
  let last = first;
  for (;;) last = yield_<string>(last);
});
echo.resume("a");
echo.resume("b");

// A typed generator whose operands match, and a future that awaits.
export const typed = generator<number, string>(() => {
  yield_(1);
  yield_(2);
  return "done";
});
export const later = future((cx) => {
  void cx;
  const v = await_(Promise.resolve(3));
  return v + 1;
});
`;
