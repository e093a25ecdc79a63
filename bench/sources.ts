/**
 * The two source forms of a workload body, both generated from the one stackless text in
 * workloads.ts so that the columns cannot drift apart:
 *
 *   stackless:  export const make = (outer) => coroutine((param) => { body })
 *   function*:  export function* make(outer, param) { body with yield_ → yield }
 *
 * `yield` binds looser than any operator, so `yield_(x)` becomes `(yield x)` in parentheses;
 * that keeps `a + yield_(x)` or `f(yield_(x))` meaning the same thing.
 */
import type { Workload } from "./workloads";

/** Index of the `)` that closes the `(` at `open`. Bodies contain no string literals, so counting is enough. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses in workload body: ${text.slice(open, open + 40)}…`);
}

/** `yield_(x)` (or `yield_<T>(x)`) → `(yield x)`, `yield_()` → `(yield)`, `yield_.from(it)` → `(yield* it)`, recursively. */
export function toFunctionStarBody(body: string): string {
  if (/["'`]/.test(body)) throw new Error("workload bodies must not contain string literals");
  const marker = /\byield_(\.from)?(?:<[\w\s|]*>)?\(/g;
  let out = "";
  let last = 0;
  for (let m = marker.exec(body); m !== null; m = marker.exec(body)) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(body, open);
    const arg = toFunctionStarBody(body.slice(open + 1, close)).trim();
    const keyword = m[1] ? "yield*" : "yield";
    out += body.slice(last, m.index) + "(" + keyword + (arg ? " " + arg : "") + ")";
    last = close + 1;
    marker.lastIndex = close + 1;
  }
  return out + body.slice(last);
}

/** The stackless module: the form users write. */
export function stacklessSource(w: Workload): string {
  const marker = w.kind === "coroutine" ? "coroutine" : "generator";
  return [
    `import { ${marker}, yield_ } from "stackless";`,
    w.prelude,
    `export const make = (${w.outer}) => ${marker}((${w.param}) => {${w.body}});`,
    "",
  ].join("\n");
}

/** The `function*` module (TypeScript; the implementations strip types or lower it). */
export function functionStarSource(w: Workload): string {
  const params = [w.outer, w.param].filter((p) => p !== "").join(", ");
  return [w.prelude, `export function* make(${params}) {${toFunctionStarBody(w.body)}}`, ""].join("\n");
}
