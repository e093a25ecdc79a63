/**
 * Differential runs: the same body as a native `function*` and as a parameterless stackless
 * `generator(() => …)`, driven by the same sequence of next/throw/return, must give the same
 * trace of outputs, exceptions and side effects. In bodies, write `Y(x)` for a suspension:
 * it becomes `(yield x)` natively and `yield_(x)` for stackless.
 */
import { load, IMPORTS } from "./load";

export type Step = { next: unknown } | { throw: unknown } | { return: unknown };

export interface TraceEntry {
  step: string;
  result?: unknown;
  error?: string;
  log: unknown[];
}

function describeError(e: unknown): string {
  if (e && typeof e === "object" && "code" in e) return `CoroutineError ${(e as { code: string }).code}`;
  // Engines word their own TypeErrors in many ways (and the runtime cannot match them all): the class is what counts.
  if (e instanceof TypeError) return "TypeError";
  if (e instanceof Error) return `${e.constructor.name}: ${e.message}`;
  return `thrown ${JSON.stringify(e)}`;
}

function drive(gen: any, steps: Step[], log: unknown[], spec: boolean): TraceEntry[] {
  const trace: TraceEntry[] = [];
  let finished = false;
  let panicked = false;
  for (const step of steps) {
    const name = "next" in step ? "next" : "throw" in step ? "throw" : "return";
    const arg = (step as any)[name];
    const entry: TraceEntry = { step: `${name}(${JSON.stringify(arg)})`, log: [] };
    try {
      if (spec && finished && name !== "return") {
        // SPEC: resuming a finished instance throws instead of answering done.
        throw { code: panicked ? "RESUMED_AFTER_PANIC" : "RESUMED_AFTER_COMPLETION" };
      }
      const r = gen[name](arg);
      entry.result = r;
      if (r && r.done) finished = true;
    } catch (e) {
      entry.error = describeError(e);
      if (!finished) panicked = true;
      finished = true;
    }
    entry.log = log.splice(0);
    trace.push(entry);
  }
  return trace;
}

export interface DifferentialResult {
  native: TraceEntry[];
  stackless: TraceEntry[];
  output: string;
}

/** Run `body` both ways. `prelude` is shared module-level code (helpers that log into `log`). */
export function differential(body: string, steps: Step[], prelude = ""): DifferentialResult {
  const native = rewriteYields(body, (inner) => `(yield (${inner}))`);
  const stackless = rewriteYields(body, (inner) => `yield_(${inner})`);
  const code =
    IMPORTS +
    `export const log: unknown[] = [];\n${prelude}\n` +
    `export function* nativeBody(): any {\n${native}\n}\n` +
    `export const make = () => generator((): any => {\n${stackless}\n});\n`;
  const loaded = load(code);
  const nativeLog = loaded.exports.log as unknown[];
  const a = drive(loaded.exports.nativeBody(), steps, nativeLog, true);
  const b = drive(loaded.exports.make(), steps, nativeLog, false);
  return { native: a, stackless: b, output: loaded.output };
}

/** Replace every `Y(…)` (balanced parentheses) with `wrap(…)`. */
export function rewriteYields(src: string, wrap: (inner: string) => string): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const m = /\bY\(/g;
    m.lastIndex = i;
    const found = m.exec(src);
    if (!found) {
      out += src.slice(i);
      break;
    }
    out += src.slice(i, found.index);
    let depth = 1;
    let j = found.index + 2;
    while (j < src.length && depth > 0) {
      if (src[j] === "(") depth++;
      else if (src[j] === ")") depth--;
      j++;
    }
    const inner = src.slice(found.index + 2, j - 1);
    out += wrap(rewriteYields(inner, wrap));
    i = j;
  }
  return out;
}

export const nexts = (...xs: unknown[]): Step[] => xs.map((x) => ({ next: x }));
