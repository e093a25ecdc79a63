/**
 * The differential oracle: run one program as a native `function*` (the reference: JavaScript
 * itself) and through a candidate implementation (normally the stackless transformer), record a
 * trace of each, and compare.
 *
 * A trace has one record per driving step (plus one for creating the instance):
 *   outcome  `yield <v>` / `return <v>` for an IteratorResult, or `throw <what>` (see describeThrown)
 *   log      the entries the body appended to `log` during the step
 *   done     the instance's `done` after the step
 *   state    its `state`, normalized to Start / Suspended / Done
 *   name     (feature labels) the state's name: the stackless instance's raw `state`; on the
 *            native side, the name SPEC gives the suspension the generator stopped at (Start /
 *            the label or YieldN / Done), known from `st("Name", …)` probes around each yield's
 *            operand, with the names computed from the program (see stateNames in ./ast)
 *
 * With a clone point in the drive (feature clone), the stackless instance is cloned there and
 * the original (steps "A: …") and the clone ("B: …") are driven with the same remaining ops; the
 * native side reproduces the clone by running the same program from scratch with its own
 * helpers and log and replaying the ops before the clone point (native generators cannot be
 * cloned; the body is deterministic given its inputs, the log being its only side effect).
 *
 * The native side follows SPEC, not JavaScript, where they deliberately differ: once an instance
 * is finished, `next` and `throw` throw CoroutineError RESUMED_AFTER_COMPLETION (or
 * RESUMED_AFTER_PANIC when the body threw) instead of answering `{ done: true }`; `return(v)`
 * answers `{ value: v, done: true }` as JavaScript does.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";
import type { Mutation, Op, Program, Val } from "./ast";
import { MAKE_PARAMS, renderModule } from "./ast";
import type { Counter, Patch } from "../support/patched-realm";
import { installPatches } from "../support/patched-realm";
import { checkSharedCases } from "../support/shared-case-check";

/** dist/ (this file runs from dist/test/fuzz). */
export const DIST_ROOT = path.resolve(__dirname, "..", "..");
export const RUNTIME_PATH = path.join(DIST_ROOT, "runtime", "index.js");
export const TRANSFORMER_PATH = path.join(DIST_ROOT, "transformer", "index.js");

// ---------------------------------------------------------------------------------------------
// Showing values

const ENGINE_ERRORS = new Set(["TypeError", "ReferenceError", "RangeError", "SyntaxError", "EvalError", "URIError"]);

function isErrorLike(v: unknown): v is Error {
  return v instanceof Error || (typeof v === "object" && v !== null && typeof (v as Error).name === "string" && typeof (v as Error).message === "string" && "stack" in v);
}

/** A deterministic, bounded picture of a value. */
export function show(v: unknown, depth = 0, seen: Set<object> = new Set()): string {
  switch (typeof v) {
    case "undefined":
      return "undefined";
    case "number":
      return Object.is(v, -0) ? "-0" : String(v);
    case "string":
      return v.length > 80 ? JSON.stringify(v.slice(0, 40)) + `…(${v.length} chars)` : JSON.stringify(v);
    case "boolean":
      return String(v);
    case "bigint":
      return `${v}n`;
    case "symbol":
      return String(v);
    case "function":
      return "[Function]";
  }
  if (v === null) return "null";
  const o = v as object;
  if (isErrorLike(o)) {
    // engine errors' messages quote source text, which a compiler may legitimately change
    if (ENGINE_ERRORS.has(o.name)) return `${o.name}(…)`;
    if (o.name === "SuppressedError" && depth <= 4) {
      const x = o as Error & { error?: unknown; suppressed?: unknown };
      return `SuppressedError(${JSON.stringify(o.message)}, error: ${show(x.error, depth + 1)}, suppressed: ${show(x.suppressed, depth + 1)})`;
    }
    return `${o.name}(${JSON.stringify(o.message)})`;
  }
  if (seen.has(o)) return "[Circular]";
  if (depth > 4) return Array.isArray(o) ? "[…]" : "{…}";
  seen.add(o);
  try {
    if (Array.isArray(o)) {
      const items: string[] = [];
      for (let i = 0; i < o.length; i++) items.push(i in o ? show(o[i], depth + 1, seen) : "<hole>");
      return `[${items.join(",")}]`;
    }
    const keys = Object.keys(o);
    return `{${keys.map((k) => `${k}:${show((o as Record<string, unknown>)[k], depth + 1, seen)}`).join(",")}}`;
  } finally {
    seen.delete(o);
  }
}

/** What a thrown value looks like in a trace. */
export function describeThrown(e: unknown): string {
  if (typeof e === "object" && e !== null && (e as Error).name === "CoroutineError") {
    return `CoroutineError ${(e as { code?: string }).code}`;
  }
  if (isErrorLike(e)) return show(e);
  return `value ${show(e)}`;
}

function errorText(e: unknown): string {
  if (isErrorLike(e)) return e.stack || `${e.name}: ${e.message}`;
  return String(e);
}

// ---------------------------------------------------------------------------------------------
// What bodies see

export interface Helpers {
  t: (tag: string, ...args: unknown[]) => unknown;
  log: unknown[];
  it: (tag: string, n: number) => Iterable<number>;
  m: (e: unknown) => unknown;
  gn: (tag: string, n: number, mode: number) => Generator<unknown, unknown, unknown>;
  dsp: (tag: string, mode: number, ...x: unknown[]) => unknown;
  ck: (tag: string, c: { prototype: object }) => string;
  st: (name: string, v?: unknown) => unknown;
  /** The state name the last `st` probe recorded (native form with probes). */
  at: string;
  /** How much of `log` has been reported (see runTrace). */
  seen: number;
}

/** The helpers as make()'s arguments, in MAKE_PARAMS order. */
export function helperArgs(h: Helpers): unknown[] {
  return MAKE_PARAMS.map((n) => h[n as keyof Helpers]);
}

export function makeHelpers(): Helpers {
  const log: unknown[] = [];
  const t = (tag: string, ...args: unknown[]): unknown => {
    log.push(`${tag}(${args.map((a) => show(a)).join(",")})`);
    return args[args.length - 1];
  };
  const it = (tag: string, n: number): Iterable<number> => ({
    [Symbol.iterator]() {
      log.push(`${tag}.open`);
      let i = 0;
      return {
        next() {
          log.push(`${tag}.next`);
          return i < n ? { value: i++, done: false } : { value: undefined, done: true };
        },
        return(v?: unknown) {
          log.push(`${tag}.return`);
          return { value: v, done: true } as IteratorResult<number>;
        },
      };
    },
  });
  const m = (e: unknown): unknown => {
    if (!isErrorLike(e)) return e;
    if (ENGINE_ERRORS.has(e.name)) return e.name;
    if (e.name === "SuppressedError") {
      const x = e as Error & { error?: unknown; suppressed?: unknown };
      return `Suppressed(${show(m(x.error))} over ${show(m(x.suppressed))})`;
    }
    return e.message;
  };
  /**
   * The inner side of a delegation: logs what it is sent; mode 1 catches a throw() and returns,
   * mode 2 catches it and yields once more, and yields in its finally (so return() forwarded to
   * it answers a yield), mode 3 throws after its last yield; the others let exceptions through.
   */
  function* gn(tag: string, n: number, mode: number): Generator<unknown, unknown, unknown> {
    log.push(`${tag}.start`);
    try {
      for (let i = 0; i < n; i++) {
        const x = yield `${tag}.${i}`;
        log.push(`${tag}.got(${show(x)})`);
      }
      if (mode === 3) throw new Error(`${tag}.fail`);
      return `${tag}.ret`;
    } catch (e) {
      log.push(`${tag}.caught(${show(m(e))})`);
      if (mode === 1) return `${tag}.rec`;
      if (mode === 2) {
        const x = yield `${tag}.again`;
        log.push(`${tag}.got(${show(x)})`);
        return `${tag}.rec2`;
      }
      throw e;
    } finally {
      log.push(`${tag}.finally`);
      if (mode === 2) {
        const x = yield `${tag}.fin`;
        log.push(`${tag}.finGot(${show(x)})`);
      }
    }
  }
  const dsp = (tag: string, mode: number, ...x: unknown[]): unknown => {
    log.push(`${tag}.new(${x.map((a) => show(a)).join(",")})`);
    return {
      tag,
      [Symbol.dispose]() {
        log.push(`${tag}.dispose`);
        if (mode === 1) throw new Error(`${tag}.dispose`);
      },
    };
  };
  const ck = (tag: string, c: { prototype: object }): string => {
    const keys = Object.getOwnPropertyNames(c.prototype).join("|");
    log.push(`${tag}(${keys})`);
    return keys;
  };
  const h: Helpers = {
    t,
    log,
    it,
    m,
    gn,
    dsp,
    ck,
    st: (name: string, v?: unknown): unknown => {
      h.at = name;
      return v;
    },
    at: "?",
    seen: 0,
  };
  return h;
}

function materialize(v: Val): unknown {
  switch (v.t) {
    case "undef":
      return undefined;
    case "json":
      return v.v === undefined ? undefined : JSON.parse(JSON.stringify(v.v));
    case "err":
      return new Error(v.msg);
  }
}

export function showVal(v: Val): string {
  switch (v.t) {
    case "undef":
      return "undefined";
    case "json":
      return show(v.v);
    case "err":
      return `new Error(${JSON.stringify(v.msg)})`;
  }
}

export function showOp(o: Op): string {
  return `${o.op}(${showVal(o.arg)})`;
}

// ---------------------------------------------------------------------------------------------
// Implementations

/** What the runner drives. */
export interface Inst {
  next(x?: unknown): unknown;
  throw(e: unknown): unknown;
  return(v?: unknown): unknown;
  readonly done?: unknown;
  readonly state?: unknown;
  clone?(): Inst;
}

export interface Loaded {
  /** The module text the implementation compiled. */
  source: string;
  /** What it compiled to (the transformer's output), when different from `source`. */
  output?: string;
  make(h: Helpers): Inst;
  /**
   * How a clone is made: "method" calls the instance's clone(); "replay" (function*) runs the
   * program again from scratch with fresh helpers and replays the ops before the clone point;
   * "same" (a deliberately wrong clone, for testing the oracle) returns the instance itself.
   */
  cloneBy: "method" | "replay" | "same";
  /**
   * With cloneBy "method": which saved locals of the clone to overwrite with a poison value
   * before it runs on. "dead" (the transformer): those the class's liveLocals says its state
   * does not need; a body that reads one anyway (a wrong liveness table, or a field that is
   * read before it is written and so must not start as 0) then behaves differently. "all":
   * every local, a deliberately wrong clone for testing the oracle.
   */
  poison?: "dead" | "all";
}

export type LoadResult =
  | { ok: true; loaded: Loaded }
  | { ok: false; kind: "compile" | "load"; message: string; source: string; output?: string };

export interface Impl {
  name: string;
  load(p: Program): LoadResult;
}

type CoroutineErrorCtor = new (code: string, message: string) => Error;

let coroutineErrorClass: CoroutineErrorCtor | undefined;

/** The runtime's CoroutineError, or a stand-in with the same name and `code` if dist/runtime is missing. */
export function coroutineError(): CoroutineErrorCtor {
  if (!coroutineErrorClass) {
    try {
      coroutineErrorClass = (require(RUNTIME_PATH) as { CoroutineError: CoroutineErrorCtor }).CoroutineError;
    } catch {
      coroutineErrorClass = class CoroutineError extends Error {
        constructor(
          readonly code: string,
          message: string,
        ) {
          super(message);
          this.name = "CoroutineError";
        }
      };
    }
  }
  return coroutineErrorClass;
}

type Status = "start" | "suspended" | "done" | "panicked";

/**
 * A native generator with SPEC's instance semantics: `done`, `state`, and CoroutineError for
 * next/throw after completion. With `lax`, it answers `{ done: true }` after completion as
 * JavaScript does (a deliberately wrong implementation, for testing the oracle).
 */
export class SpecAdapter implements Inst {
  private status: Status = "start";
  constructor(
    private readonly g: Generator<unknown, unknown, unknown>,
    private readonly lax = false,
    private readonly h?: Helpers,
  ) {}

  get done(): boolean {
    return this.status === "done" || this.status === "panicked";
  }

  get state(): string {
    return this.status === "start" ? "Start" : this.status === "suspended" ? "Suspended" : "Done";
  }

  /** The name of the state (with probes in the source: the last probe's name while suspended). */
  get stateName(): string {
    return this.status === "suspended" ? (this.h?.at ?? "?") : this.state;
  }

  private guard(): void {
    if (this.lax) return;
    const E = coroutineError();
    if (this.status === "done") throw new E("RESUMED_AFTER_COMPLETION", "native: coroutine resumed after completion");
    if (this.status === "panicked") throw new E("RESUMED_AFTER_PANIC", "native: resumed after its body threw");
  }

  private run(fn: () => IteratorResult<unknown, unknown>): IteratorResult<unknown, unknown> {
    let r: IteratorResult<unknown, unknown>;
    try {
      r = fn();
    } catch (e) {
      this.status = "panicked";
      throw e;
    }
    if (!r.done) this.status = "suspended";
    else if (this.status !== "panicked") this.status = "done";
    return r;
  }

  next(x?: unknown): unknown {
    this.guard();
    return this.run(() => this.g.next(x));
  }

  throw(e: unknown): unknown {
    this.guard();
    return this.run(() => this.g.throw(e));
  }

  return(v?: unknown): unknown {
    if (this.done) return this.g.return(v);
    return this.run(() => this.g.return(v));
  }
}

function compileCommonJs(code: string, filename: string, requireFn: (id: string) => unknown): Record<string, unknown> {
  const fn = vm.compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename });
  const module = { exports: {} as Record<string, unknown> };
  fn(module.exports, requireFn, module, filename, path.dirname(filename));
  return module.exports;
}

function noRequire(id: string): never {
  throw new Error(`fuzz module required '${id}'`);
}

let tsModule: typeof import("typescript") | undefined;

/** TypeScript's own compile (transpileModule, ES2022, CommonJS): the output, or the syntax errors. */
function tsCompile(source: string, fileName: string): { output: string; errors?: string } {
  const ts = (tsModule ??= require("typescript") as typeof import("typescript"));
  const out = ts.transpileModule(source, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  if (out.diagnostics?.length) {
    const errors = out.diagnostics.map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`).join("\n");
    return { output: out.outputText, errors };
  }
  return { output: out.outputText };
}

/**
 * The native form's text: with state-name probes when the program checks names (feature labels);
 * `using` downlevelled as TypeScript does it, unless `nativeUsing` (for TypeScript to compile).
 */
function nativeSource(p: Program, mutation?: Mutation, nativeUsing = false): string {
  return renderModule(p, "native", mutation, { probe: p.features.labels, nativeUsing });
}

/**
 * The reference: the program as a real `function*`, adapted to SPEC's after-completion rule.
 * With a mutation it is a deliberately wrong compiler; with `lax`, a deliberately wrong runtime
 * (JavaScript's answers after completion); with `sameClone`, a wrong clone (the instance itself).
 * These exist to prove that the oracle notices.
 *
 * Node 20 has no `using`: the native form of a body that holds one is written as TypeScript
 * compiles it for ES2022 (the compile the stackless side goes through), with TypeScript's
 * __addDisposableResource / __disposeResources helpers (see USING_HELPERS in ./ast). Compiling it
 * with TypeScript itself costs ~20 ms a program; the `typescript` implementation does that, and
 * must agree.
 */
export function nativeImpl(mutation?: Mutation, name = "native", lax = false, sameClone = false): Impl {
  return {
    name,
    load(p: Program): LoadResult {
      const source = realm ? realmSafeUsing(nativeSource(p, mutation)) : nativeSource(p, mutation);
      let make: (...a: unknown[]) => Generator<unknown, unknown, unknown>;
      try {
        make = compileCommonJs(source, `${name}-${p.seed}.js`, noRequire).make as typeof make;
      } catch (e) {
        return { ok: false, kind: "load", message: errorText(e), source };
      }
      return {
        ok: true,
        loaded: { source, cloneBy: sameClone ? "same" : "replay", make: (h) => new SpecAdapter(make(...helperArgs(h)), lax, h) },
      };
    },
  };
}

/**
 * In a patched realm, TypeScript's `using` helpers (the native form's stand-in for a `using`
 * Node 20 lacks) with their own `push`/`pop`/`call` replaced by built-ins taken when the module
 * loads: a real `using` calls none of those, so neither must the reference.
 */
function realmSafeUsing(source: string): string {
  if (!source.includes("__addDisposableResource")) return source;
  const prelude =
    "var __realmPush = Function.prototype.call.bind(Array.prototype.push), __realmPop = Function.prototype.call.bind(Array.prototype.pop), __realmApply = Reflect.apply;\n";
  const text = source
    .split("env.stack.push(")
    .join("__realmPush(env.stack, ")
    .split("env.stack.pop()")
    .join("__realmPop(env.stack)")
    .split("r.dispose.call(r.value)")
    .join("__realmApply(r.dispose, r.value, [])");
  return text.replace('"use strict";\n', '"use strict";\n' + prelude);
}

/** A deliberately wrong implementation of SPEC: JavaScript's own answers after completion. */
export function laxNativeImpl(): Impl {
  return nativeImpl(undefined, "lax-native", true);
}

/**
 * The native form compiled by TypeScript itself (transpileModule, ES2022, CommonJS), without the
 * stackless transformer, `using` left for TypeScript to downlevel. It must agree with the native
 * form run directly: if it does not, the renderer wrote something TypeScript parses differently
 * from JavaScript, or downlevels `using` differently from the renderer (a fuzzer bug that would
 * otherwise be blamed on the transformer).
 */
export function typescriptImpl(): Impl {
  return {
    name: "typescript",
    load(p: Program): LoadResult {
      const source = nativeSource(p, undefined, true);
      const c = tsCompile(source, `ts-${p.seed}.ts`);
      if (c.errors) return { ok: false, kind: "compile", message: c.errors, source, output: c.output };
      let make: (...a: unknown[]) => Generator<unknown, unknown, unknown>;
      try {
        make = compileCommonJs(c.output, `ts-${p.seed}.js`, noRequire).make as typeof make;
      } catch (e) {
        return { ok: false, kind: "load", message: errorText(e), source, output: c.output };
      }
      return {
        ok: true,
        loaded: { source, output: c.output, cloneBy: "replay", make: (h) => new SpecAdapter(make(...helperArgs(h)), false, h) },
      };
    },
  };
}

interface TransformerModule {
  transformSource?: (
    code: string,
    options?: { fileName?: string; compilerOptions?: Record<string, unknown> },
  ) => { outputText: string; diagnostics: { code: number; category: number; messageText: unknown; start?: number }[] };
}

/** null when dist/transformer exports a transformSource function, else why not. */
export function transformerUnavailable(): string | null {
  if (!fs.existsSync(TRANSFORMER_PATH)) return `${path.relative(process.cwd(), TRANSFORMER_PATH)} does not exist (build first)`;
  try {
    const mod = require(TRANSFORMER_PATH) as TransformerModule;
    if (typeof mod.transformSource !== "function") return `${TRANSFORMER_PATH} does not export transformSource yet`;
  } catch (e) {
    return `loading ${TRANSFORMER_PATH} failed: ${errorText(e)}`;
  }
  return null;
}

function flattenMessage(m: unknown): string {
  if (typeof m === "string") return m;
  if (m && typeof m === "object" && "messageText" in m) {
    const chain = m as { messageText: string; next?: unknown[] };
    return [chain.messageText, ...(chain.next ?? []).map(flattenMessage)].join(" / ");
  }
  return String(m);
}

/** A value no body computes: reading it changes what a program logs, returns or throws. */
const POISON = Symbol("dead local");

/** Overwrite the saved locals of a generated instance that its state does not need (or all). */
function poisonLocals(inst: Inst, which: "dead" | "all"): void {
  const cls = (inst as { constructor: { locals?: readonly string[]; liveLocals?: readonly (readonly number[])[] } }).constructor;
  const state = (inst as unknown as { _state: number })._state;
  const live = new Set(which === "dead" ? cls.liveLocals?.[state] ?? cls.locals?.map((_, i) => i) : []);
  cls.locals?.forEach((name, i) => {
    if (!live.has(i)) (inst as unknown as Record<string, unknown>)[name] = POISON;
  });
}

/** makeHelpers' `gn`, written as a stackless generator: the same log, values and exceptions. */
const STACKLESS_GN = `import { generator, yield_ } from "stackless";
export const factory = (log: any[], m: (e: unknown) => unknown, show: (v: unknown) => string) => (tag: string, n: number, mode: number) =>
  generator(() => {
    log.push(\`\${tag}.start\`);
    try {
      for (let i = 0; i < n; i++) {
        const x = yield_(\`\${tag}.\${i}\`);
        log.push(\`\${tag}.got(\${show(x)})\`);
      }
      if (mode === 3) throw new Error(\`\${tag}.fail\`);
      return \`\${tag}.ret\`;
    } catch (e) {
      log.push(\`\${tag}.caught(\${show(m(e))})\`);
      if (mode === 1) return \`\${tag}.rec\`;
      if (mode === 2) {
        const x = yield_(\`\${tag}.again\`);
        log.push(\`\${tag}.got(\${show(x)})\`);
        return \`\${tag}.rec2\`;
      }
      throw e;
    } finally {
      log.push(\`\${tag}.finally\`);
      if (mode === 2) {
        const x = yield_(\`\${tag}.fin\`);
        log.push(\`\${tag}.finGot(\${show(x)})\`);
      }
    }
  });
`;

type GnFactory = (log: unknown[], m: (e: unknown) => unknown, sh: (v: unknown) => string) => Helpers["gn"];
let stacklessGnFactory: GnFactory | undefined;

/** For helpers `h`: gn as a stackless generator (foreign delegations remain: the logging iterables and arrays). */
function stacklessGn(mod: Required<TransformerModule>, req: (id: string) => unknown): (h: Helpers) => Helpers["gn"] {
  if (!stacklessGnFactory) {
    const out = mod.transformSource(STACKLESS_GN, { fileName: "fuzz/stackless-gn.ts", compilerOptions: { module: 1, target: 9 } });
    const errors = (out.diagnostics ?? []).filter((d) => d.category === 1 && (d.code >= 70000 || d.code < 2000));
    if (errors.length) throw new Error(`the stackless gn does not compile: ${errors.map((d) => flattenMessage(d.messageText)).join("; ")}`);
    stacklessGnFactory = compileCommonJs(out.outputText, path.resolve("fuzz/stackless-gn.js"), req).factory as GnFactory;
  }
  const factory = stacklessGnFactory;
  return (h) => {
    return factory(h.log, h.m, (v) => show(v));
  };
}

/**
 * The stackless side: the program as `generator(() => …)`, compiled by `transformSource`, loaded
 * with a `require` that maps "stackless" to dist/runtime.
 */
export function transformerImpl(options: { poison?: "dead" | "all" } = {}): Impl {
  const why = transformerUnavailable();
  if (why) throw new Error(`stackless transformer unavailable: ${why}`);
  const mod = require(TRANSFORMER_PATH) as Required<TransformerModule>;
  const runtime = require(RUNTIME_PATH) as unknown;
  // Cases are shared when their code signatures are equal; here every sharing also checks that
  // the two cases print the same (an error, reported as a compile failure, if not).
  checkSharedCases(true);
  // CommonJS / ES2022, as the brief and the root tsconfig's test build use
  const compilerOptions = { module: 1 /* CommonJS */, target: 9 /* ES2022 */ };
  const req = (id: string): unknown => {
    if (id === "stackless") return runtime;
    return noRequire(id);
  };
  return {
    name: "transformer",
    load(p: Program): LoadResult {
      const source = renderModule(p, "stackless");
      const fileName = `fuzz/seed-${p.seed}.ts`;
      let out: ReturnType<Required<TransformerModule>["transformSource"]>;
      try {
        out = withTimeout(() => mod.transformSource(source, { fileName, compilerOptions }), 20000);
      } catch (e) {
        return { ok: false, kind: "compile", message: `transformSource threw: ${errorText(e)}`, source };
      }
      // errors: the transformer's own (70001+) and syntax errors; type errors are not its business
      const errors = (out.diagnostics ?? []).filter((d) => d.category === 1 && (d.code >= 70000 || d.code < 2000));
      if (errors.length) {
        const message = errors
          .map((d) => `TS${d.code}${d.start !== undefined ? ` at ${d.start}` : ""}: ${flattenMessage(d.messageText)}`)
          .join("\n");
        return { ok: false, kind: "compile", message, source, output: out.outputText };
      }
      // TypeScript's own `using` helpers, where a `using` stays within one resume: the same
      // substitution as on the native side (they are TypeScript's ES2022 down-levelling, emitted
      // for a function* just the same, not the runtime's).
      const output = realm ? realmSafeUsing(out.outputText) : out.outputText;
      let make: (...a: unknown[]) => Inst;
      try {
        make = compileCommonJs(output, path.resolve(fileName.replace(/\.ts$/, ".js")), req).make as typeof make;
        if (typeof make !== "function") throw new Error("the compiled module does not export make()");
      } catch (e) {
        return { ok: false, kind: "load", message: errorText(e), source, output };
      }
      const gnOf = stacklessGn(mod, req);
      // Snapshot mode: gn is stackless, so a delegation to it nests its snapshot (made again at restore).
      const helpers = (h: Helpers): Helpers => (snapshotCounts ? { ...h, gn: gnOf(h) } : h);
      return { ok: true, loaded: { source, output, cloneBy: "method", poison: options.poison ?? "dead", make: (h) => make(...helperArgs(helpers(h))) } };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Running

const SLOT = "__stacklessFuzzRun";
const timeoutScript = new vm.Script(`globalThis.${SLOT}()`, { filename: "stackless-fuzz-timeout.js" });

export class FuzzTimeout extends Error {}

/** Run fn synchronously, terminating it (FuzzTimeout) if it runs longer than ms. */
export function withTimeout<T>(fn: () => T, ms: number): T {
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = g[SLOT];
  g[SLOT] = fn;
  try {
    return timeoutScript.runInThisContext({ timeout: ms }) as T;
  } catch (e) {
    if (e && (e as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") {
      throw new FuzzTimeout(`timed out after ${ms} ms`);
    }
    throw e;
  } finally {
    g[SLOT] = saved;
  }
}

export interface StepRec {
  op: string;
  outcome: string;
  log: string[];
  done: string;
  state: string;
  /** The state's name (feature labels): the raw `state`, or on the native side the probed name. */
  name?: string;
  /** Display only: the full message of an engine error, the un-normalized state. */
  note?: string;
  /** In a patched realm (--patched-realm): the patched built-ins the step called, "name×n" joined by spaces. */
  realm?: string;
}

/** The counter of the patched realm the traces are run in, or undefined (see usePatchedRealm). */
let realm: Counter | undefined;
let realmPatches: readonly Patch[] = [];

/**
 * Run traces in a patched realm: runTrace installs `patches` (counting replacements of built-ins,
 * test/support/patched-realm) around each run, compiling and loading stay outside it; each step
 * then records which of them it called, and the stackless side must call exactly what the native
 * function* calls. undefined: off.
 */
export function usePatchedRealm(counter: Counter | undefined, patches: readonly Patch[] = []): void {
  realm = counter;
  realmPatches = patches;
}

/** Snapshot mode (--snapshots): what it did over the traces run since it was turned on. */
export interface SnapshotCounts {
  /** Suspensions at which the instance was replaced by its clone. */
  cloned: number;
  /** Suspensions at which it was snapshotted, JSON round-tripped and restored into a fresh instance. */
  restored: number;
  /** Of those, the snapshots that nest a stackless delegate's (a `yield_.from` in progress). */
  nested: number;
  /** Suspensions at which snapshot() refused with NOT_SERIALIZABLE or NOT_CLONEABLE (a closure, an iterator, …). */
  refused: number;
}

let snapshotCounts: SnapshotCounts | undefined;

/**
 * Snapshot mode: after every step that leaves a stackless instance suspended, snapshot it, clone
 * it (the clone's snapshot must be the same text), and restore the snapshot, round-tripped
 * through JSON text, into a fresh instance made with the same helpers; the drive goes on with the
 * restored instance and the clone in turn. The trace must
 * still equal the native function*'s. A refusal (NOT_SERIALIZABLE, NOT_CLONEABLE) is counted
 * and the drive goes on with the instance; any other error fails the run. undefined: off.
 */
export function useSnapshotMode(counts: SnapshotCounts | undefined): void {
  snapshotCounts = counts;
}

const REFUSALS = new Set(["NOT_SERIALIZABLE", "NOT_CLONEABLE"]);

/**
 * The instance to drive on after a suspension in snapshot mode (see useSnapshotMode). The clone
 * is taken only when a snapshot is possible: a refused snapshot means a saved local holds code (a
 * closure, an iterator), and a closure made by the body reads the fields of the instance that
 * made it, so a shallow clone would not be the same program (docs/snapshots.md).
 */
function throughSnapshot(inst: Inst, make: () => Inst, counts: SnapshotCounts): Inst {
  type Snapshotting = { clone(): Snapshotting; snapshot(): unknown; restore(s: unknown): Snapshotting };
  const refusal = (e: unknown, what: string): void => {
    if (!REFUSALS.has((e as { code?: string }).code ?? "")) throw new Error(`snapshot mode: ${what} threw ${errorText(e)}`);
    counts.refused++;
  };
  let text: string;
  try {
    text = JSON.stringify((inst as unknown as Snapshotting).snapshot());
  } catch (e) {
    refusal(e, "snapshot()");
    return inst;
  }
  let copy: Snapshotting;
  try {
    copy = (inst as unknown as Snapshotting).clone();
    counts.cloned++;
  } catch (e) {
    refusal(e, "clone()");
    return inst;
  }
  const again = JSON.stringify(copy.snapshot());
  if (again !== text) throw new Error(`snapshot mode: the clone's snapshot ${again} differs from the original's ${text}`);
  const fresh = make() as unknown as Snapshotting;
  try {
    fresh.restore(JSON.parse(again));
  } catch (e) {
    throw new Error(`snapshot mode: restore() refused its own snapshot ${again}: ${errorText(e)}`);
  }
  counts.restored++;
  if ((JSON.parse(again) as { delegate?: unknown }).delegate) counts.nested++;
  // Both are checked at every suspension; the drive goes on with each in turn.
  return (counts.restored & 1 ? fresh : copy) as unknown as Inst;
}

/** `fn()`, with the patched realm's counting on around it; the calls it made, or undefined when not in one. */
function realmCalls<T>(fn: () => T): { value: T; calls: string | undefined } {
  if (!realm) return { value: fn(), calls: undefined };
  const counter = realm;
  counter.take();
  counter.active = true;
  try {
    const value = fn();
    counter.active = false;
    return { value, calls: counter.take().join(" ") };
  } catch (e) {
    counter.active = false;
    throw new RealmThrow(e, counter.take().join(" "));
  }
}

/** What realmCalls throws: the step's own exception, with the calls made before it. */
class RealmThrow {
  constructor(
    readonly error: unknown,
    readonly calls: string,
  ) {}
}

/** The exception a step threw (unwrapped from RealmThrow) and the calls it made. */
function unwrapThrow(e: unknown): { error: unknown; calls: string | undefined } {
  return e instanceof RealmThrow ? { error: e.error, calls: e.calls } : { error: e, calls: undefined };
}

export interface Trace {
  steps: StepRec[];
  /** Set when the run itself failed (timeout, or the harness threw). */
  error?: string;
}

function normState(s: unknown): string {
  if (s === "Start" || s === "Done") return s;
  if (typeof s !== "string") return `?${show(s)}`;
  return "Suspended";
}

function outcomeOf(r: unknown): [string, boolean] {
  if (typeof r !== "object" || r === null) return [`result ${show(r)}`, true];
  const { value, done } = r as IteratorResult<unknown>;
  if (done === true) return [`return ${show(value)}`, true];
  if (done === false) return [`yield ${show(value)}`, false];
  return [`result ${show(r)}`, true];
}

/** An instance being driven, with the helpers (and so the log) it was made with. */
interface Cursor {
  inst: Inst;
  h: Helpers;
  /** In a patched realm: what making it (a clone) called. */
  calls?: string;
}

/** The raw state name: the probed one for a native generator, `state` for anything else. */
function rawStateName(inst: Inst): unknown {
  return inst instanceof SpecAdapter ? inst.stateName : inst.state;
}

/**
 * Drive one instance: create it, run `drive.ops` until a step finishes it (an answer with
 * done:true, or a throw), then run `drive.post`. With `drive.clone`, clone it before
 * `ops[clone.at]` (if it is not finished by then) and drive the original ("A: …") and the clone
 * ("B: …") each with the remaining ops (then `post` once finished), interleaved as `clone.order` says.
 */
export function runTrace(loaded: Loaded, p: Program, timeoutMs = 2000): Trace {
  const steps: StepRec[] = [];
  const names = p.features.labels;
  const newLog = (h: Helpers): string[] => {
    const out = h.log.slice(h.seen).map((x) => (typeof x === "string" ? x : show(x)));
    h.seen = h.log.length;
    return out;
  };
  const record = (c: Cursor | undefined, fallback: Helpers, op: string, outcome: string, note?: string, calls?: string): void => {
    const inst = c?.inst;
    const rawState = inst?.state;
    const rawName = inst && names ? rawStateName(inst) : undefined;
    steps.push({
      op,
      outcome,
      log: newLog(c?.h ?? fallback),
      done: inst ? show(inst.done) : "-",
      state: inst ? normState(rawState) : "-",
      name: rawName === undefined ? undefined : typeof rawName === "string" ? rawName : `?${show(rawName)}`,
      note: note ?? (!names && typeof rawState === "string" && normState(rawState) !== rawState ? `state ${rawState}` : undefined),
      realm: calls,
    });
  };
  const step = (c: Cursor, o: Op, prefix: string): boolean => {
    const arg = materialize(o.arg);
    let finished: boolean;
    try {
      const { value: r, calls } = realmCalls(() => c.inst[o.op](arg));
      const [outcome, fin] = outcomeOf(r);
      finished = fin;
      record(c, c.h, prefix + showOp(o), outcome, undefined, calls);
    } catch (thrown) {
      const { error: e, calls } = unwrapThrow(thrown);
      finished = true;
      record(c, c.h, prefix + showOp(o), `throw ${describeThrown(e)}`, isErrorLike(e) && ENGINE_ERRORS.has(e.name) ? `${e.name}: ${e.message}` : undefined, calls);
    }
    if (snapshotCounts && !finished && loaded.cloneBy === "method" && !c.inst.done) c.inst = throughSnapshot(c.inst, () => loaded.make(c.h), snapshotCounts);
    return finished;
  };
  /** The clone of `a`, which has run `prefix`. */
  const cloneOf = (a: Cursor, prefix: Op[]): Cursor => {
    if (loaded.cloneBy === "same") return a;
    if (loaded.cloneBy === "method") {
      const c = a.inst.clone;
      if (typeof c !== "function") throw new TypeError("the instance has no clone()");
      // Reflect.apply, not c.call: in a patched realm Function.prototype.call is counted.
      const { value: copy, calls } = realmCalls(() => Reflect.apply(c, a.inst, []) as Inst);
      if (loaded.poison) poisonLocals(copy, loaded.poison);
      return { inst: copy, h: a.h, calls };
    }
    const h = makeHelpers();
    const inst = loaded.make(h);
    for (const o of prefix) {
      try {
        inst[o.op](materialize(o.arg));
      } catch {
        // (cannot happen: a step that throws finishes the instance, and there is no clone then)
      }
    }
    h.seen = h.log.length;
    // The replay is not a clone: in a patched realm it counts as calling nothing, what a
    // stackless clone() must call.
    return { inst, h, calls: realm ? "" : undefined };
  };
  /** Drive `c` with `ops`, then `post` if that finished it; one step per iteration. */
  function* driver(c: Cursor, ops: Op[], prefix: string): Generator<void, void, void> {
    let finished = false;
    for (const o of ops) {
      finished = step(c, o, prefix);
      yield;
      if (finished) break;
    }
    if (finished) {
      for (const o of p.drive.post) {
        step(c, o, prefix);
        yield;
      }
    }
  }
  const h0 = makeHelpers();
  const uninstall = realm ? installPatches(realmPatches, realm) : undefined;
  try {
    withTimeout(() => {
      let a: Cursor;
      try {
        const { value: inst, calls } = realmCalls(() => loaded.make(h0));
        a = { inst, h: h0 };
        record(a, h0, "create", "created", undefined, calls);
      } catch (thrown) {
        const { error: e, calls } = unwrapThrow(thrown);
        record(undefined, h0, "create", `throw ${describeThrown(e)}`, errorText(e).split("\n")[0], calls);
        return;
      }
      const { ops, clone } = p.drive;
      let i = 0;
      let finished = false;
      for (; i < ops.length; i++) {
        if (clone && i === clone.at) break;
        if (step(a, ops[i], "")) {
          finished = true;
          break;
        }
      }
      if (clone && !finished && i === clone.at) {
        let b: Cursor;
        try {
          b = cloneOf(a, ops.slice(0, i));
          record(b, b.h, "clone", "cloned", undefined, b.calls);
        } catch (thrown) {
          const { error: e, calls } = unwrapThrow(thrown);
          record(a, a.h, "clone", `throw ${describeThrown(e)}`, errorText(e).split("\n")[0], calls);
          return;
        }
        const rest = ops.slice(i);
        const da = driver(a, rest, "A: ");
        const db = driver(b, rest, "B: ");
        if (clone.order === "alt") {
          for (;;) {
            const x = da.next();
            const y = db.next();
            if (x.done && y.done) break;
          }
        } else {
          const [first, second] = clone.order === "orig" ? [da, db] : [db, da];
          while (!first.next().done);
          while (!second.next().done);
        }
        return;
      }
      if (finished) for (const o of p.drive.post) step(a, o, "");
    }, timeoutMs);
  } catch (e) {
    return { steps, error: e instanceof FuzzTimeout ? e.message : `harness: ${errorText(e)}` };
  } finally {
    if (realm) realm.active = false;
    uninstall?.();
  }
  return { steps };
}

export interface Diff {
  /** Index into the steps (0 is "create"). */
  index: number;
  field: "outcome" | "log" | "done" | "state" | "name" | "realm" | "length" | "error";
  expected: string;
  actual: string;
}

/** The first difference between the reference trace and the candidate's, or null. */
export function compareTraces(ref: Trace, cand: Trace): Diff | null {
  const n = Math.min(ref.steps.length, cand.steps.length);
  for (let i = 0; i < n; i++) {
    const a = ref.steps[i];
    const b = cand.steps[i];
    if (a.op !== b.op) return { index: i, field: "length", expected: a.op, actual: b.op };
    for (const field of ["outcome", "log", "done", "state", "name", "realm"] as const) {
      const x = field === "log" ? JSON.stringify(a.log) : (a[field] ?? "");
      const y = field === "log" ? JSON.stringify(b.log) : (b[field] ?? "");
      if (x !== y) return { index: i, field, expected: x, actual: y };
    }
  }
  if (ref.error !== cand.error) {
    return { index: n, field: "error", expected: ref.error ?? "(no error)", actual: cand.error ?? "(no error)" };
  }
  if (ref.steps.length !== cand.steps.length) {
    const a = ref.steps[n];
    const b = cand.steps[n];
    return { index: n, field: "length", expected: a ? a.op : "(end)", actual: b ? b.op : "(end)" };
  }
  return null;
}

export type FailureKind = "compile" | "load" | "diff" | "timeout";

export interface Verdict {
  ok: boolean;
  kind?: FailureKind;
  message?: string;
  diff?: Diff;
  native: Trace;
  candidate?: Trace;
  nativeSource: string;
  source?: string;
  output?: string;
}

/** The reference is always the unmutated native function*. */
const reference = nativeImpl();

/** Run a program both ways and compare. Throws if the reference itself misbehaves (a fuzzer bug). */
export function check(p: Program, impl: Impl, timeoutMs = 2000): Verdict {
  const ref = reference.load(p);
  if (!ref.ok) throw new Error(`fuzz: the native form of seed ${p.seed} does not load:\n${ref.message}\n${ref.source}`);
  const native = runTrace(ref.loaded, p, timeoutMs);
  if (native.error) throw new Error(`fuzz: the native form of seed ${p.seed} failed: ${native.error}\n${ref.loaded.source}`);
  const base = { native, nativeSource: ref.loaded.source };
  const cand = impl.load(p);
  if (!cand.ok) return { ...base, ok: false, kind: cand.kind, message: cand.message, source: cand.source, output: cand.output };
  const candidate = runTrace(cand.loaded, p, timeoutMs);
  const more = { candidate, source: cand.loaded.source, output: cand.loaded.output };
  if (candidate.error?.startsWith("timed out")) {
    return { ...base, ...more, ok: false, kind: "timeout", message: candidate.error };
  }
  const diff = compareTraces(native, candidate);
  if (diff) {
    return { ...base, ...more, ok: false, kind: "diff", diff, message: `step ${diff.index} differs in ${diff.field}` };
  }
  return { ...base, ...more, ok: true };
}
