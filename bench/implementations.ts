/**
 * The five columns, and how each turns a workload into a runnable `make`:
 *
 *   native       the function* source, types stripped (ts.transpileModule at ES2022), run as is
 *   es5          the same source lowered by TypeScript at target ES5: the inlined `__generator` helper
 *   regenerator  the ES2022 output run through @babel/core + regenerator-transform, with regenerator-runtime
 *   hand         the hand-written class from handwritten.ts
 *   stackless    the stackless source compiled by this package's transformSource; optional, because
 *                the transformer may not work yet: a failure becomes "n/a (transformer: …)"
 *
 * Every piece of generated code is evaluated with vm.runInThisContext as its own script, and the
 * driver text is evaluated once per column, so no two columns share a call site: each timed loop
 * sees one instance class (monomorphic), as it would in an application.
 */
import * as path from "path";
import * as vm from "vm";
import * as ts from "typescript";
import { functionStarProtocol, instanceProtocol, type Protocol, type Workload } from "./workloads";
import { functionStarSource, stacklessSource } from "./sources";

export const IMPLEMENTATIONS = ["native", "es5", "regenerator", "hand", "stackless"] as const;
export type ImplName = (typeof IMPLEMENTATIONS)[number];

export const IMPL_TITLES: Record<ImplName, string> = {
  native: "native `function*`",
  es5: "TS ES5 `__generator`",
  regenerator: "regenerator",
  hand: "hand-written class",
  stackless: "stackless",
};

/** The column every ratio is relative to. */
export const BASELINE: ImplName = "hand";

/** dist/ (this file runs from dist/bench/). */
const DIST = path.resolve(__dirname, "..");
const RUNTIME_ENTRY = path.join(DIST, "runtime", "index.js");
/**
 * The module whose `transformSource` compiles the stackless column. STACKLESS_BENCH_TRANSFORMER
 * points it elsewhere (another build of the transformer, to compare two versions).
 */
const TRANSFORMER_ENTRY = process.env.STACKLESS_BENCH_TRANSFORMER
  ? path.resolve(process.env.STACKLESS_BENCH_TRANSFORMER)
  : path.join(DIST, "transformer", "index.js");

export type Built =
  | { ok: true; make: (...args: never[]) => unknown; protocol: Protocol; code?: string }
  | { ok: false; error: string };

/** What a driver exposes once instantiated for one column. */
export interface Runner {
  run(units: number): number;
  trace(): unknown[];
  suspend(): unknown;
}

/** `require` for evaluated modules: "stackless" is this package's built runtime. */
function benchRequire(id: string): unknown {
  return require(id === "stackless" ? RUNTIME_ENTRY : id);
}

/** Evaluate CommonJS text as its own script; `extra` become free variables of the module. */
function evalModule(code: string, filename: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const names = Object.keys(extra);
  const wrapper = vm.runInThisContext(
    `(function (exports, require, module, ${names.join(", ")}) {${code}\n})`,
    { filename },
  ) as (...args: unknown[]) => void;
  const module = { exports: {} as Record<string, unknown> };
  wrapper.call(module.exports, module.exports, benchRequire, module, ...names.map((n) => extra[n]));
  return module.exports;
}

function transpile(source: string, target: ts.ScriptTarget, fileName: string): string {
  const result = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target,
      module: ts.ModuleKind.CommonJS,
      // TypeScript 6 deprecates target ES5; the lowering is still there and is what we measure.
      ignoreDeprecations: "6.0",
    },
  });
  const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    throw new Error(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; "));
  }
  return result.outputText;
}

function makeOf(exports: Record<string, unknown>): (...args: never[]) => unknown {
  const make = exports.make;
  if (typeof make !== "function") throw new Error("module does not export make()");
  return make as (...args: never[]) => unknown;
}

function oneLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0].trim();
}

let cachedTransformSource: unknown;

/** This package's `transformSource`, loaded lazily so that a broken transformer only costs its column. */
function transformSource(): (
  code: string,
  options: { fileName?: string; compilerOptions?: ts.CompilerOptions },
) => { outputText: string; diagnostics: readonly ts.Diagnostic[] } {
  if (cachedTransformSource === undefined) cachedTransformSource = require(TRANSFORMER_ENTRY).transformSource;
  if (typeof cachedTransformSource !== "function") {
    throw new Error(`${path.relative(process.cwd(), TRANSFORMER_ENTRY)} does not export transformSource() (not implemented yet)`);
  }
  return cachedTransformSource as ReturnType<typeof transformSource>;
}

/** Compile and load one column of one workload. Never throws: a failure is `{ ok: false }`. */
export function build(impl: ImplName, w: Workload): Built {
  const tsName = `bench/${w.id}.${impl}.ts`;
  const jsName = `bench:${w.id}.${impl}.js`;
  try {
    switch (impl) {
      case "native": {
        const code = transpile(functionStarSource(w), ts.ScriptTarget.ES2022, tsName);
        return { ok: true, make: makeOf(evalModule(code, jsName)), protocol: functionStarProtocol, code };
      }
      case "es5": {
        const code = transpile(functionStarSource(w), ts.ScriptTarget.ES5, tsName);
        return { ok: true, make: makeOf(evalModule(code, jsName)), protocol: functionStarProtocol, code };
      }
      case "regenerator": {
        // Loaded here, not at the top, so that the memory child for another column never loads Babel.
        // (@babel/core ships no types and @types/babel__core is not a dependency: describe the one call.)
        const babel = require("@babel/core") as {
          transformSync(code: string, options: object): { code?: string | null } | null;
        };
        const es2022 = transpile(functionStarSource(w), ts.ScriptTarget.ES2022, tsName);
        const result = babel.transformSync(es2022, {
          babelrc: false,
          configFile: false,
          filename: jsName,
          plugins: [require("regenerator-transform")],
        });
        if (!result || typeof result.code !== "string") throw new Error("babel produced no code");
        const regeneratorRuntime = require("regenerator-runtime");
        const exports = evalModule(result.code, jsName, { regeneratorRuntime });
        return { ok: true, make: makeOf(exports), protocol: functionStarProtocol, code: result.code };
      }
      case "hand":
        return { ok: true, make: w.hand(), protocol: instanceProtocol };
      case "stackless": {
        let code: string;
        try {
          const result = transformSource()(stacklessSource(w), {
            fileName: tsName,
            compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS },
          });
          const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
          if (errors.length > 0) {
            const d = errors[0];
            throw new Error(`TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
          }
          code = result.outputText;
        } catch (e) {
          return { ok: false, error: `transformer: ${oneLine(e)}` };
        }
        return { ok: true, make: makeOf(evalModule(code, jsName)), protocol: instanceProtocol, code };
      }
    }
  } catch (e) {
    return { ok: false, error: oneLine(e) };
  }
}

/**
 * Evaluate the workload's driver for one column. The impl name goes into the text (not only the
 * file name) so that V8's compilation cache cannot hand two columns the same function.
 */
export function instantiate(impl: ImplName, w: Workload, built: Built & { ok: true }, input: unknown): Runner {
  const text =
    `(function (make, input) {\n"use strict";\nconst exports = {};\n${w.driver(built.protocol)}\n` +
    `return exports;\n}) // driver for ${w.id}, ${impl}\n`;
  const factory = vm.runInThisContext(text, { filename: `bench:${w.id}.${impl}.driver.js` }) as (
    make: unknown,
    input: unknown,
  ) => Runner;
  return factory(built.make, input);
}

function short(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/**
 * Why `runner` does not compute what `reference` computes (a short trace, then the checksum of
 * a longer run), or undefined when it does. Every column passes this before it is timed or sized.
 */
export function mismatch(reference: Runner, runner: Runner): string | undefined {
  try {
    const expected = JSON.stringify(reference.trace());
    const actual = JSON.stringify(runner.trace());
    if (actual !== expected) return `wrong outputs: ${short(actual, 60)} vs ${short(expected, 60)}`;
    if (runner.run(3) !== reference.run(3)) return "wrong checksum over a longer run";
    return undefined;
  } catch (e) {
    return `threw: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
  }
}
