/**
 * The fuzzer's little language: a JSON-safe AST of generator bodies, its two renderings (native
 * `function*` and stackless `generator(() => …)`, identical except `yield e` ↔ `yield_(e)`), and a
 * well-formedness check (scoping, TDZ, labels, break/continue targets) that the shrinker uses to
 * discard candidates that would not be valid programs.
 *
 * Everything a body can touch from outside is passed to `make(t, log, it, m, gn, dsp, ck, st)`:
 *   t(tag, ...args)  logs `tag(arg,…)` to `log` and returns its last argument (evaluation order)
 *   log              the log array itself (bodies may `log.push(x)` directly)
 *   it(tag, n)       an iterable over 0..n-1 that logs `tag.next` / `tag.return` (iterator closing)
 *   m(e)             a caught value's message (`e.message` for errors, else the value)
 *   gn(tag, n, mode) a native generator (function*) with try/catch/finally that logs what it is
 *                    sent, thrown and asked to return: the inner side of `yield*` / `yield_.from`
 *   dsp(tag, mode, x) a disposable for `using` that logs its creation and disposal (mode 1: its
 *                    disposal throws)
 *   ck(tag, C)       logs the own keys of a class's prototype (computed method names) and returns C
 *   st(name, v)      native form only, with the `labels` feature: records the state name the next
 *                    suspension is expected to have, and returns v (see stateNames)
 */

export type FeatureName =
  | "base"
  | "try"
  | "closures"
  | "drive"
  | "destructuring"
  | "iterators"
  | "fnexpr"
  | "vars"
  | "using"
  | "delegate"
  | "labels"
  | "clone";
export const ALL_FEATURES: readonly FeatureName[] = [
  "base",
  "try",
  "closures",
  "drive",
  "destructuring",
  "iterators",
  "fnexpr",
  "vars",
  "using",
  "delegate",
  "labels",
  "clone",
];
export type Features = Record<FeatureName, boolean>;

/** Parse "base,try" / "all" into a feature record ("base" is always on). */
export function parseFeatures(list: string | readonly string[]): Features {
  const names = (typeof list === "string" ? list.split(",") : list).map((s) => s.trim()).filter(Boolean);
  const f = {} as Features;
  for (const n of ALL_FEATURES) f[n] = n === "base";
  for (const n of names) {
    if (n === "all") {
      for (const a of ALL_FEATURES) f[a] = true;
    } else if ((ALL_FEATURES as readonly string[]).includes(n)) {
      f[n as FeatureName] = true;
    } else {
      throw new Error(`unknown fuzz feature '${n}' (known: ${ALL_FEATURES.join(", ")}, all)`);
    }
  }
  return f;
}

export function featureList(f: Features): string {
  return ALL_FEATURES.filter((n) => f[n]).join(",");
}

/**
 * No `<`: in a .ts file `a < (b > (c))` parses as a call with type arguments, `a<(b>(c)`, so the
 * language leaves it out (`>`, `<=`, `>=` compare just as well).
 */
export type BinOp = "+" | "-" | "*" | "%" | ">" | "<=" | ">=" | "===" | "!==";
export type AssignOp = "=" | "+=" | "-=" | "*=" | "||=" | "&&=" | "??=";

export type Spread = { k: "spread"; e: Expr };
export type Item = Expr | Spread;
export type Prop = { k: "prop"; key: string; e: Expr } | { k: "computed"; key: Expr; e: Expr } | Spread;

export type Expr =
  | { k: "num"; v: number }
  | { k: "str"; v: string }
  | { k: "lit"; v: "true" | "false" | "null" | "undefined" }
  | { k: "var"; name: string }
  /** m(e1): the message of a caught value */
  | { k: "errmsg"; name: string }
  | { k: "yield"; arg?: Expr }
  | { k: "bin"; op: BinOp; l: Expr; r: Expr }
  | { k: "logic"; op: "&&" | "||" | "??"; l: Expr; r: Expr }
  | { k: "cond"; c: Expr; t: Expr; f: Expr }
  | { k: "assign"; name: string; op: AssignOp; r: Expr }
  | { k: "update"; name: string; op: "++" | "--"; prefix: boolean }
  | { k: "unary"; op: "!" | "-" | "typeof" | "void"; e: Expr }
  | { k: "comma"; l: Expr; r: Expr }
  /** t("tag", ...args) */
  | { k: "call"; tag: string; args: Item[] }
  /** ((c) ? t : null)?.("tag", ...args) */
  | { k: "optcall"; c: Expr; tag: string; args: Item[] }
  | { k: "arr"; items: Item[] }
  | { k: "obj"; props: Prop[] }
  /** `parts[0]${exprs[0]}parts[1]…` */
  | { k: "tmpl"; parts: string[]; exprs: Expr[] }
  /** (obj)?.key or (obj)?.[key] */
  | { k: "opt"; obj: Expr; key: string | Expr }
  /** (arr)[key] */
  | { k: "index"; arr: Expr; key: Expr }
  /** (() => body): only as a declaration's initializer or pushed to fns; never contains a yield */
  | { k: "arrow"; body: Expr }
  /** f1() */
  | { k: "callvar"; name: string }
  /** t("tag", fns.map((g) => g())) */
  | { k: "callall"; tag: string; name: string }
  /** fns.push(e) */
  | { k: "push"; name: string; e: Expr }
  /** log.push(e) */
  | { k: "logpush"; e: Expr }
  /** it("tag", n) */
  | { k: "iter"; tag: string; n: number }
  /** gn("tag", n, mode): a native inner generator (see oracle's makeHelpers) */
  | { k: "gen"; tag: string; n: number; mode: number }
  /** native `(yield* src)`, stackless `yield_.from(src)` */
  | { k: "deleg"; src: Expr }
  /** dsp("tag", mode) or dsp("tag", mode, e): a disposable */
  | { k: "dsp"; tag: string; mode: number; e?: Expr }
  /** fa(arg): a call of a declared function (`function fa(p) { return … }`) */
  | { k: "fcall"; name: string; arg: Expr }
  /** `this.v` (or `(() => this.v)()`), only in a class's method */
  | { k: "thisv"; arrow?: boolean }
  /** `arguments.length` / `(typeof this)`, only in a declared function's or a method's body */
  | { k: "meta"; what: "argc" | "this" }
  /** (class … { … }) */
  | { k: "classexpr"; cls: ClassDef }
  /** new C().m(arg), C a class's name or a class expression */
  | { k: "new"; cls: string | ClassDef; arg: Expr }
  /** C.s (a class's static field) */
  | { k: "static"; name: string }
  /** ck("tag", C) */
  | { k: "ck"; tag: string; name: string };

/**
 * `class name extends (ext.e, ext.base) { [key]() { return 0; } static s = …; v = …; m(p) { return …; } }`.
 * `ext.e` and `key` are evaluated where the class is defined (they may yield); `s`, `v` and `m` are
 * function-like (no yields): `s` when the class is defined, `v` per instance, `m` per call, with
 * `p` its parameter and `this.v` (thisv) allowed.
 */
export interface ClassDef {
  name?: string;
  ext?: { e?: Expr; base: string };
  key?: Expr;
  s: Expr;
  v: Expr;
  m: Expr;
}

/** A declaration target: a name, or a one-level array / object pattern. */
export type Binding =
  | { k: "id"; name: string }
  | { k: "arrpat"; elems: { name: string; def?: Expr }[]; rest?: string }
  | { k: "objpat"; props: { key: string; name: string; def?: Expr }[]; rest?: string };

export type Case = { test?: Expr; body: Stmt[] };

export type Stmt =
  | { k: "decl"; kind: "let" | "const"; target: Binding; init: Expr }
  /** var name = init; / var name; (function-scoped, hoisted: readable as undefined before) */
  | { k: "var"; name: string; init?: Expr }
  /** using name = init, more…; (a disposable, or null) */
  | { k: "using"; name: string; init: Expr; more?: { name: string; init: Expr }[] }
  /** function name(p) { return body; } (hoisted within its block; body holds no yield) */
  | { k: "fdecl"; name: string; body: Expr }
  /** class declaration (cls.name is set) */
  | { k: "cdecl"; cls: ClassDef }
  /** a label here names the suspension state of its (single) yield, as in SPEC's `Add: sum += yield_(sum);` */
  | { k: "expr"; label?: string; e: Expr }
  | { k: "if"; c: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: "block"; label?: string; body: Stmt[] }
  /** let counter = 0; label: while (counter++ < n && c) { body } */
  | { k: "while"; label?: string; counter: string; n: number; c?: Expr; body: Stmt[] }
  /** let counter = 0; label: do { body } while (counter++ < n && c); */
  | { k: "dowhile"; label?: string; counter: string; n: number; c?: Expr; body: Stmt[] }
  /** label: for (let v = 0; v < n && c; v++, upd) { body } (`var v` with vkind "var") */
  | { k: "for"; label?: string; vkind?: "var"; v: string; n: number; c?: Expr; upd?: Expr; body: Stmt[] }
  | { k: "forof"; label?: string; kind: "let" | "const" | "var"; target: Binding; iter: Expr; body: Stmt[] }
  /** label: for (const v in obj) { body } (`var v` with vkind "var") */
  | { k: "forin"; label?: string; vkind?: "var"; v: string; obj: Expr; body: Stmt[] }
  | { k: "switch"; label?: string; d: Expr; cases: Case[] }
  | { k: "break"; label?: string }
  | { k: "continue"; label?: string }
  | { k: "return"; e?: Expr }
  /** throw new Error("msg" + String(e)), or `throw e` when raw */
  | { k: "throw"; msg: string; e?: Expr; raw?: boolean }
  /** throw e1 (in a catch block) */
  | { k: "rethrow"; name: string }
  | { k: "try"; body: Stmt[]; catch?: { param?: string; body: Stmt[] }; fin?: Stmt[] };

/** A driving argument, materialized afresh for every run. */
export type Val = { t: "undef" } | { t: "json"; v: unknown } | { t: "err"; msg: string };
export type OpName = "next" | "throw" | "return";
export type Op = { op: OpName; arg: Val };

/**
 * `ops` run until the instance is done (or they run out); then, if done, `post` runs.
 * With `clone`, the instance is cloned before `ops[clone.at]` (if it is not done by then), and the
 * original (A) and the clone (B) each run the remaining ops (then `post`), interleaved by `order`:
 * "alt" one step of A then one of B, "orig" all of A first, "clone" all of B first.
 */
export interface Drive {
  ops: Op[];
  post: Op[];
  clone?: { at: number; order: "alt" | "orig" | "clone" };
}

export interface Program {
  seed: number;
  features: Features;
  /** Stackless body form: `generator(() => …)` or `generator(function () …)`. */
  form: "arrow" | "function";
  body: Stmt[];
  drive: Drive;
}

export type Mode = "native" | "stackless";

/** Optional deliberate miscompilations, used to prove that the oracle notices differences. */
export interface Mutation {
  /** Swap the operands of every binary operator (evaluation order and `-`, `<` results change). */
  swapOperands?: boolean;
  /** Render every `yield e` as `((yield e) + 1)` (the value a resume passes in is off by one). */
  yieldOffByOne?: boolean;
  /** Run every bounded loop one iteration more. */
  loopOffByOne?: boolean;
  /** Drop every `finally` block (a try with only a finally becomes a plain block). */
  dropFinally?: boolean;
  /** Name states as if labels did not count (YieldN numbered over every suspension). */
  namesIgnoreLabels?: boolean;
  /** Render `using x = e` as `const x = e` (nothing is disposed). */
  usingAsConst?: boolean;
  /** Delegate to a wrapper that forwards only next(): throw()/return() are not forwarded. */
  delegateNextOnly?: boolean;
  /** Render `var` declarations (statements and loop heads) as `let`. */
  varAsLet?: boolean;
}

/** Render options besides mutations. */
export interface RenderOptions {
  /**
   * Native form: wrap every yield's operand in `st("StateName", …)`, so that the run knows the
   * name of the state each suspension has (the stackless side reports it as `state`).
   */
  probe?: boolean;
  /**
   * Native form: leave `using` declarations as they are (for TypeScript to compile). By default
   * the native form downlevels them itself, exactly as TypeScript does for ES2022 (Node 20 has no
   * `using`): see USING_HELPERS.
   */
  nativeUsing?: boolean;
}

/**
 * TypeScript's helpers for `using` (from its ES2022 output, verbatim but for the `this &&`
 * lookups). The native form downlevels a statement list that holds `using` as TypeScript does:
 *
 *   const env_1 = { stack: [], error: void 0, hasError: false };
 *   try { …; const x = __addDisposableResource(env_1, init, false); … }
 *   catch (e_1) { env_1.error = e_1; env_1.hasError = true; }
 *   finally { __disposeResources(env_1); }
 *
 * (The `typescript` implementation compiles real `using` with TypeScript and must agree.)
 */
export const USING_HELPERS = `var __addDisposableResource = function (env, value, async) {
    if (value !== null && value !== void 0) {
        if (typeof value !== "object" && typeof value !== "function") throw new TypeError("Object expected.");
        var dispose, inner;
        if (async) {
            if (!Symbol.asyncDispose) throw new TypeError("Symbol.asyncDispose is not defined.");
            dispose = value[Symbol.asyncDispose];
        }
        if (dispose === void 0) {
            if (!Symbol.dispose) throw new TypeError("Symbol.dispose is not defined.");
            dispose = value[Symbol.dispose];
            if (async) inner = dispose;
        }
        if (typeof dispose !== "function") throw new TypeError("Object not disposable.");
        if (inner) dispose = function() { try { inner.call(this); } catch (e) { return Promise.reject(e); } };
        env.stack.push({ value: value, dispose: dispose, async: async });
    }
    else if (async) {
        env.stack.push({ async: true });
    }
    return value;
};
var __disposeResources = (function (SuppressedError) {
    return function (env) {
        function fail(e) {
            env.error = env.hasError ? new SuppressedError(e, env.error, "An error was suppressed during disposal.") : e;
            env.hasError = true;
        }
        var r, s = 0;
        function next() {
            while (r = env.stack.pop()) {
                try {
                    if (!r.async && s === 1) return s = 0, env.stack.push(r), Promise.resolve().then(next);
                    if (r.dispose) {
                        var result = r.dispose.call(r.value);
                        if (r.async) return s |= 2, Promise.resolve(result).then(next, function(e) { fail(e); return next(); });
                    }
                    else s |= 1;
                }
                catch (e) {
                    fail(e);
                }
            }
            if (s === 1) return env.hasError ? Promise.reject(env.error) : Promise.resolve();
            if (env.hasError) throw env.error;
        }
        return next();
    };
})(typeof SuppressedError === "function" ? SuppressedError : function (error, suppressed, message) {
    var e = new Error(message);
    return e.name = "SuppressedError", e.error = error, e.suppressed = suppressed, e;
});
`;

// ---------------------------------------------------------------------------------------------
// Rendering

function q(s: string): string {
  return JSON.stringify(s);
}

class Renderer {
  constructor(
    readonly mode: Mode,
    readonly mut: Mutation = {},
    /** Native form with `st(name, …)` probes: each suspension's expected state name. */
    readonly names?: Map<Expr, string>,
    readonly opts: RenderOptions = {},
  ) {}

  /** Downlevelled `using` (native form): the number of the environment of the list being rendered. */
  private env = 0;
  private envCount = 0;

  /** A statement list, one statement a line; the native form downlevels `using` as TypeScript does. */
  list(body: Stmt[], ind: string): string {
    const downlevel = this.mode === "native" && !this.opts.nativeUsing && !this.mut.usingAsConst && body.some((s) => s.k === "using");
    if (!downlevel) return body.map((s) => this.stmt(s, ind)).join("\n");
    const saved = this.env;
    const n = (this.env = ++this.envCount);
    const inner = ind + "  ";
    try {
      return [
        `${ind}const env_${n} = { stack: [], error: void 0, hasError: false };`,
        `${ind}try {`,
        ...body.map((s) => this.stmt(s, inner)),
        `${ind}} catch (e_${n}) {`,
        `${inner}env_${n}.error = e_${n};`,
        `${inner}env_${n}.hasError = true;`,
        `${ind}} finally {`,
        `${inner}__disposeResources(env_${n});`,
        `${ind}}`,
      ].join("\n");
    } finally {
      this.env = saved;
    }
  }

  /** `st("Name", arg)` around a suspension's operand when probing, else the operand. */
  private probe(e: Expr, arg: string): string {
    const name = this.names?.get(e);
    if (name === undefined) return arg;
    return `st(${q(name)}${arg ? ", " + arg : ""})`;
  }

  cls(c: ClassDef): string {
    let head = "class" + (c.name ? " " + c.name : "");
    if (c.ext) head += ` extends ${c.ext.e ? `(${this.expr(c.ext.e)}, ${c.ext.base})` : c.ext.base}`;
    const key = c.key ? `[${this.expr(c.key)}]() { return 0; } ` : "";
    return `${head} { ${key}static s = ${this.expr(c.s)}; v = ${this.expr(c.v)}; m(p) { return ${this.expr(c.m)}; } }`;
  }

  item(i: Item): string {
    return i.k === "spread" ? "..." + this.expr(i.e) : this.expr(i);
  }

  expr(e: Expr): string {
    switch (e.k) {
      case "num":
        return e.v < 0 ? `(${e.v})` : String(e.v);
      case "str":
        return q(e.v);
      case "lit":
        return e.v;
      case "var":
        return e.name;
      case "errmsg":
        return `m(${e.name})`;
      case "yield": {
        let arg = e.arg ? this.expr(e.arg) : "";
        if (this.mode === "native") arg = this.probe(e, arg);
        const y = this.mode === "native" ? (arg ? `(yield ${arg})` : "(yield)") : `yield_(${arg})`;
        return this.mut.yieldOffByOne ? `(${y} + 1)` : y;
      }
      case "deleg": {
        let src = this.expr(e.src);
        if (this.mode === "stackless") return `yield_.from(${src})`;
        if (this.mut.delegateNextOnly) {
          src = `((s) => { const i = s[Symbol.iterator](); return { [Symbol.iterator]() { return this; }, next: (x) => i.next(x) }; })(${src})`;
        }
        return `(yield* ${this.probe(e, src)})`;
      }
      case "gen":
        return `gn(${q(e.tag)}, ${e.n}, ${e.mode})`;
      case "dsp":
        return `dsp(${q(e.tag)}, ${e.mode}${e.e ? ", " + this.expr(e.e) : ""})`;
      case "fcall":
        return `${e.name}(${this.expr(e.arg)})`;
      case "thisv":
        return e.arrow ? "(() => this.v)()" : "this.v";
      case "meta":
        return e.what === "argc" ? "arguments.length" : "(typeof this)";
      case "classexpr":
        return `(${this.cls(e.cls)})`;
      case "new":
        return `(new ${typeof e.cls === "string" ? e.cls : `(${this.cls(e.cls)})`}().m(${this.expr(e.arg)}))`;
      case "static":
        return `${e.name}.s`;
      case "ck":
        return `ck(${q(e.tag)}, ${e.name})`;
      case "bin": {
        const [l, r] = this.mut.swapOperands ? [e.r, e.l] : [e.l, e.r];
        return `(${this.expr(l)} ${e.op} ${this.expr(r)})`;
      }
      case "logic":
        return `(${this.expr(e.l)} ${e.op} ${this.expr(e.r)})`;
      case "cond":
        return `(${this.expr(e.c)} ? ${this.expr(e.t)} : ${this.expr(e.f)})`;
      case "assign":
        return `(${e.name} ${e.op} ${this.expr(e.r)})`;
      case "update":
        return e.prefix ? `(${e.op}${e.name})` : `(${e.name}${e.op})`;
      case "unary":
        return e.op === "typeof" || e.op === "void" ? `(${e.op} ${this.expr(e.e)})` : `(${e.op}${this.expr(e.e)})`;
      case "comma":
        return `(${this.expr(e.l)}, ${this.expr(e.r)})`;
      case "call":
        return `t(${[q(e.tag), ...e.args.map((a) => this.item(a))].join(", ")})`;
      case "optcall":
        return `((${this.expr(e.c)}) ? t : null)?.(${[q(e.tag), ...e.args.map((a) => this.item(a))].join(", ")})`;
      case "arr":
        return `[${e.items.map((i) => this.item(i)).join(", ")}]`;
      case "obj": {
        const props = e.props.map((p) =>
          p.k === "spread"
            ? "..." + this.expr(p.e)
            : p.k === "prop"
              ? `${p.key}: ${this.expr(p.e)}`
              : `[${this.expr(p.key)}]: ${this.expr(p.e)}`,
        );
        return `({ ${props.join(", ")} })`;
      }
      case "tmpl": {
        let s = "`" + e.parts[0];
        e.exprs.forEach((x, i) => (s += "${" + this.expr(x) + "}" + e.parts[i + 1]));
        return s + "`";
      }
      case "opt":
        return typeof e.key === "string" ? `(${this.expr(e.obj)})?.${e.key}` : `(${this.expr(e.obj)})?.[${this.expr(e.key)}]`;
      case "index":
        return `(${this.expr(e.arr)})[${this.expr(e.key)}]`;
      case "arrow":
        return `(() => ${this.expr(e.body)})`;
      case "callvar":
        return `${e.name}()`;
      case "callall":
        return `t(${q(e.tag)}, ${e.name}.map((g) => g()))`;
      case "push":
        return `${e.name}.push(${this.expr(e.e)})`;
      case "logpush":
        return `log.push(${this.expr(e.e)})`;
      case "iter":
        return `it(${q(e.tag)}, ${e.n})`;
    }
  }

  binding(b: Binding): string {
    switch (b.k) {
      case "id":
        return b.name;
      case "arrpat": {
        const parts = b.elems.map((el) => (el.def ? `${el.name} = ${this.expr(el.def)}` : el.name));
        if (b.rest) parts.push("..." + b.rest);
        return `[${parts.join(", ")}]`;
      }
      case "objpat": {
        const parts = b.props.map((p) => `${p.key}: ${p.name}` + (p.def ? ` = ${this.expr(p.def)}` : ""));
        if (b.rest) parts.push("..." + b.rest);
        return `{ ${parts.join(", ")} }`;
      }
    }
  }

  block(body: Stmt[], ind: string): string {
    if (body.length === 0) return "{}";
    return "{\n" + this.list(body, ind + "  ") + "\n" + ind + "}";
  }

  /**
   * `case (x): { … }` parses in a .ts file as an arrow function with a return type annotation,
   * `(x): { … } => …`; a test that would start with "(" is written `[x][0]` instead.
   */
  caseTest(e: Expr): string {
    const t = this.expr(e);
    // decided on both renderings, so that the two bodies stay alike
    const other = new Renderer(this.mode === "native" ? "stackless" : "native", this.mut, this.names, this.opts).expr(e);
    return t.startsWith("(") || other.startsWith("(") ? `[${t}][0]` : t;
  }

  varKw(): string {
    return this.mut.varAsLet ? "let" : "var";
  }

  bound(n: number): number {
    return this.mut.loopOffByOne ? n + 1 : n;
  }

  stmt(s: Stmt, ind: string): string {
    const lab = "label" in s && s.label ? `${s.label}: ` : "";
    switch (s.k) {
      case "decl":
        return `${ind}${s.kind} ${this.binding(s.target)} = ${this.expr(s.init)};`;
      case "var":
        return `${ind}${this.varKw()} ${s.name}${s.init ? ` = ${this.expr(s.init)}` : ""};`;
      case "using": {
        const decls = [{ name: s.name, init: s.init }, ...(s.more ?? [])];
        if (this.env) {
          const parts = decls.map((d) => `${d.name} = __addDisposableResource(env_${this.env}, ${this.expr(d.init)}, false)`);
          return `${ind}const ${parts.join(", ")};`;
        }
        return `${ind}${this.mut.usingAsConst ? "const" : "using"} ${decls.map((d) => `${d.name} = ${this.expr(d.init)}`).join(", ")};`;
      }
      case "fdecl":
        return `${ind}function ${s.name}(p) { return ${this.expr(s.body)}; }`;
      case "cdecl":
        return `${ind}${this.cls(s.cls)}`;
      case "expr":
        return `${ind}${lab}${this.expr(s.e)};`;
      case "if":
        return (
          `${ind}if (${this.expr(s.c)}) ${this.block(s.then, ind)}` + (s.else ? ` else ${this.block(s.else, ind)}` : "")
        );
      case "block":
        return `${ind}${lab}${this.block(s.body, ind)}`;
      case "while": {
        const c = s.c ? ` && ${this.expr(s.c)}` : "";
        return `${ind}let ${s.counter} = 0;\n${ind}${lab}while ((${s.counter}++ < ${this.bound(s.n)})${c}) ${this.block(s.body, ind)}`;
      }
      case "dowhile": {
        const c = s.c ? ` && ${this.expr(s.c)}` : "";
        return `${ind}let ${s.counter} = 0;\n${ind}${lab}do ${this.block(s.body, ind)} while ((${s.counter}++ < ${this.bound(s.n) - 1})${c});`;
      }
      case "for": {
        const c = s.c ? ` && ${this.expr(s.c)}` : "";
        const u = s.upd ? `, ${this.expr(s.upd)}` : "";
        const kw = s.vkind === "var" ? this.varKw() : "let";
        return `${ind}${lab}for (${kw} ${s.v} = 0; (${s.v} < ${this.bound(s.n)})${c}; ${s.v}++${u}) ${this.block(s.body, ind)}`;
      }
      case "forof": {
        const kw = s.kind === "var" ? this.varKw() : s.kind;
        return `${ind}${lab}for (${kw} ${this.binding(s.target)} of ${this.expr(s.iter)}) ${this.block(s.body, ind)}`;
      }
      case "forin": {
        const kw = s.vkind === "var" ? this.varKw() : "const";
        return `${ind}${lab}for (${kw} ${s.v} in ${this.expr(s.obj)}) ${this.block(s.body, ind)}`;
      }
      case "switch": {
        const inner = ind + "  ";
        const cases = s.cases.map(
          (c) => `${inner}${c.test ? `case ${this.caseTest(c.test)}:` : "default:"} ${this.block(c.body, inner)}`,
        );
        return `${ind}${lab}switch (${this.expr(s.d)}) {\n${cases.join("\n")}\n${ind}}`;
      }
      case "break":
        return `${ind}break${s.label ? " " + s.label : ""};`;
      case "continue":
        return `${ind}continue${s.label ? " " + s.label : ""};`;
      case "return":
        return `${ind}return${s.e ? " " + this.expr(s.e) : ""};`;
      case "throw":
        if (s.raw) return `${ind}throw ${s.e ? this.expr(s.e) : q(s.msg)};`;
        return `${ind}throw new Error(${q(s.msg)}${s.e ? ` + String(${this.expr(s.e)})` : ""});`;
      case "rethrow":
        return `${ind}throw ${s.name};`;
      case "try": {
        if (this.mut.dropFinally && !s.catch) return `${ind}${this.block(s.body, ind)}`;
        let out = `${ind}try ${this.block(s.body, ind)}`;
        if (s.catch) out += ` catch${s.catch.param ? ` (${s.catch.param})` : ""} ${this.block(s.catch.body, ind)}`;
        if (s.fin && !this.mut.dropFinally) out += ` finally ${this.block(s.fin, ind)}`;
        return out;
      }
    }
  }
}

/** The body's statements, indented by `ind`. */
export function renderBody(p: Program, mode: Mode, mut?: Mutation, ind = "    ", opts: RenderOptions = {}): string {
  const names = opts.probe && mode === "native" ? stateNames(p, mut).byNode : undefined;
  const r = new Renderer(mode, mut, names, opts);
  return r.list(p.body, ind);
}

/** The helpers every body receives (see the top of this file). */
export const MAKE_PARAMS = ["t", "log", "it", "m", "gn", "dsp", "ck", "st"];

/**
 * A whole module. Native: CommonJS JavaScript, strict like the stackless module (TypeScript emits
 * "use strict" for a module), so that block-level functions and the like mean the same. Stackless:
 * a TypeScript module importing the markers.
 */
export function renderModule(p: Program, mode: Mode, mut?: Mutation, opts: RenderOptions = {}): string {
  const body = renderBody(p, mode, mut, "    ", opts);
  if (mode === "native") {
    const helpers = hasUsing(p) && !opts.nativeUsing && !mut?.usingAsConst ? USING_HELPERS : "";
    return (
      `"use strict";\n` +
      helpers +
      `exports.make = function (${MAKE_PARAMS.join(", ")}) {\n` +
      `  return (function* () {\n${body}\n  })();\n` +
      `};\n`
    );
  }
  const open = p.form === "function" ? "generator(function () {" : "generator(() => {";
  return (
    `import { generator, yield_ } from "stackless";\n\n` +
    `export function make(${MAKE_PARAMS.map((n) => `${n}: any`).join(", ")}) {\n` +
    `  return ${open}\n${body}\n  });\n` +
    `}\n`
  );
}

/** Whether the body holds a `using` declaration (its native form then needs TypeScript's downlevel). */
export function hasUsing(p: Program): boolean {
  const walk = (l: Stmt[]): boolean => l.some((s) => s.k === "using" || childLists(s).some(walk));
  return walk(p.body);
}

// ---------------------------------------------------------------------------------------------
// State names

/**
 * SPEC's state names, computed from the program: each suspension (yield or delegation), in source
 * order, is named by the label of the statement that directly holds it, else Yield1, Yield2, …
 * counting the unlabelled ones. `names` is the class's state list (Start, …, Done); `byNode` maps
 * each suspension node to its name. (`namesIgnoreLabels` is a deliberately wrong rule.)
 */
export function stateNames(p: Program, mut: Mutation = {}): { names: string[]; byNode: Map<Expr, string> } {
  const byNode = new Map<Expr, string>();
  const names = ["Start"];
  let n = 0;
  const visitExpr = (e: Expr | undefined, label: string | undefined): void => {
    if (!e) return;
    if (e.k === "yield" || e.k === "deleg") {
      const name = label && !mut.namesIgnoreLabels ? label : `Yield${++n}`;
      byNode.set(e, name);
      names.push(name);
    }
    // exprChildren lists children in source order (which is also pre-order for calls: the
    // callee `yield_(` starts before its argument)
    for (const c of exprChildren(e)) visitExpr(c, label);
  };
  const visitStmts = (l: Stmt[]): void => l.forEach(visitStmt);
  const visitStmt = (s: Stmt): void => {
    const label = "label" in s ? s.label : undefined;
    const own = (e: Expr | undefined): void => visitExpr(e, label);
    switch (s.k) {
      case "decl":
        bindingDefaults(s.target).forEach((d) => own(d));
        own(s.init);
        break;
      case "var":
        own(s.init);
        break;
      case "using":
        own(s.init);
        for (const d of s.more ?? []) own(d.init);
        break;
      case "expr":
        own(s.e);
        break;
      case "fdecl":
        break;
      case "cdecl":
        classExprs(s.cls).forEach((e) => own(e));
        break;
      case "if":
        own(s.c);
        visitStmts(s.then);
        if (s.else) visitStmts(s.else);
        break;
      case "block":
        visitStmts(s.body);
        break;
      case "while":
        own(s.c);
        visitStmts(s.body);
        break;
      case "dowhile":
        visitStmts(s.body);
        own(s.c);
        break;
      case "for":
        own(s.c);
        own(s.upd);
        visitStmts(s.body);
        break;
      case "forof":
        bindingDefaults(s.target).forEach((d) => own(d));
        own(s.iter);
        visitStmts(s.body);
        break;
      case "forin":
        own(s.obj);
        visitStmts(s.body);
        break;
      case "switch":
        own(s.d);
        for (const c of s.cases) {
          own(c.test);
          visitStmts(c.body);
        }
        break;
      case "return":
      case "throw":
        own(s.e);
        break;
      case "break":
      case "continue":
      case "rethrow":
        break;
      case "try":
        visitStmts(s.body);
        if (s.catch) visitStmts(s.catch.body);
        if (s.fin) visitStmts(s.fin);
        break;
    }
  };
  visitStmts(p.body);
  names.push("Done");
  return { names, byNode };
}

// ---------------------------------------------------------------------------------------------
// Well-formedness

export const HELPERS = ["t", "log", "it", "m", "gn", "dsp", "ck"];

/** Children expressions of an expression (for walks). */
export function exprChildren(e: Expr): Expr[] {
  switch (e.k) {
    case "num":
    case "str":
    case "lit":
    case "var":
    case "errmsg":
    case "update":
    case "callvar":
    case "callall":
    case "iter":
    case "gen":
    case "thisv":
    case "meta":
    case "static":
    case "ck":
      return [];
    case "yield":
      return e.arg ? [e.arg] : [];
    case "deleg":
      return [e.src];
    case "dsp":
      return e.e ? [e.e] : [];
    case "fcall":
      return [e.arg];
    case "classexpr":
      return classExprs(e.cls);
    case "new":
      return typeof e.cls === "string" ? [e.arg] : [...classExprs(e.cls), e.arg];
    case "bin":
    case "logic":
    case "comma":
      return [e.l, e.r];
    case "cond":
      return [e.c, e.t, e.f];
    case "assign":
      return [e.r];
    case "unary":
      return [e.e];
    case "call":
      return e.args.map((a) => (a.k === "spread" ? a.e : a));
    case "optcall":
      return [e.c, ...e.args.map((a) => (a.k === "spread" ? a.e : a))];
    case "arr":
      return e.items.map((a) => (a.k === "spread" ? a.e : a));
    case "obj":
      return e.props.flatMap((p) => (p.k === "computed" ? [p.key, p.e] : [p.e]));
    case "tmpl":
      return e.exprs;
    case "opt":
      return typeof e.key === "string" ? [e.obj] : [e.obj, e.key];
    case "index":
      return [e.arr, e.key];
    case "arrow":
      return [e.body];
    case "push":
    case "logpush":
      return [e.e];
  }
}

/** A class's expressions in source order: extends, computed key, static field, field, method. */
export function classExprs(c: ClassDef): Expr[] {
  return [...(c.ext?.e ? [c.ext.e] : []), ...(c.key ? [c.key] : []), c.s, c.v, c.m];
}

/** Number of suspensions (yields and delegations) in an expression (arrows never hold one). */
export function countYields(e: Expr | undefined): number {
  if (!e) return 0;
  return (e.k === "yield" || e.k === "deleg" ? 1 : 0) + exprChildren(e).reduce((n, c) => n + countYields(c), 0);
}

/**
 * The expressions a statement holds directly (not those of nested statements). SPEC: a label on
 * the statement that holds a yield names that suspension state, so a labelled statement may hold
 * at most one yield (two would be two states with one name: error 70008).
 */
export function ownExprs(s: Stmt): Expr[] {
  const out: (Expr | undefined)[] = [];
  switch (s.k) {
    case "decl":
      out.push(s.init, ...bindingDefaults(s.target));
      break;
    case "var":
      out.push(s.init);
      break;
    case "using":
      out.push(s.init, ...(s.more ?? []).map((d) => d.init));
      break;
    case "fdecl":
      out.push(s.body);
      break;
    case "cdecl":
      out.push(...classExprs(s.cls));
      break;
    case "expr":
      out.push(s.e);
      break;
    case "if":
      out.push(s.c);
      break;
    case "while":
    case "dowhile":
      out.push(s.c);
      break;
    case "for":
      out.push(s.c, s.upd);
      break;
    case "forof":
      out.push(s.iter, ...bindingDefaults(s.target));
      break;
    case "forin":
      out.push(s.obj);
      break;
    case "switch":
      out.push(s.d, ...s.cases.map((c) => c.test));
      break;
    case "return":
    case "throw":
      out.push(s.e);
      break;
  }
  return out.filter((e): e is Expr => e !== undefined);
}

export function ownYields(s: Stmt): number {
  return ownExprs(s).reduce((n, e) => n + countYields(e), 0);
}

export function bindingNames(b: Binding): string[] {
  switch (b.k) {
    case "id":
      return [b.name];
    case "arrpat":
      return [...b.elems.map((e) => e.name), ...(b.rest ? [b.rest] : [])];
    case "objpat":
      return [...b.props.map((p) => p.name), ...(b.rest ? [b.rest] : [])];
  }
}

export function bindingDefaults(b: Binding): Expr[] {
  if (b.k === "arrpat") return b.elems.flatMap((e) => (e.def ? [e.def] : []));
  if (b.k === "objpat") return b.props.flatMap((p) => (p.def ? [p.def] : []));
  return [];
}

interface VScope {
  parent?: VScope;
  /** every name declared anywhere directly in this scope → mutable? */
  declared: Map<string, boolean>;
  /** names whose declaration has been reached */
  live: Set<string>;
}

interface VTarget {
  kind: "loop" | "switch" | "block";
  label?: string;
}

class Invalid extends Error {}

/**
 * The function-scoped names of a body: `var` statements (mutable) and `var` loop heads (never
 * written by the body), wherever they stand. They are all bound, to undefined, from the start.
 */
export function varNames(body: Stmt[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const walk = (l: Stmt[]): void => {
    for (const s of l) {
      if (s.k === "var") out.set(s.name, true);
      else if ((s.k === "for" || s.k === "forin") && s.vkind === "var") out.set(s.v, out.get(s.v) ?? false);
      else if (s.k === "forof" && s.kind === "var") for (const n of bindingNames(s.target)) out.set(n, out.get(n) ?? false);
      childLists(s).forEach(walk);
    }
  };
  walk(body);
  return out;
}

/**
 * Names a statement declares directly in the enclosing block (with mutability). `var`s are not
 * among them: they belong to the whole body (see varNames).
 */
function declaredBy(s: Stmt): [string, boolean][] {
  if (s.k === "decl") return bindingNames(s.target).map((n) => [n, s.kind === "let"]);
  if (s.k === "using") return [s.name, ...(s.more ?? []).map((d) => d.name)].map((n) => [n, false]);
  if (s.k === "fdecl") return [[s.name, false]];
  if (s.k === "cdecl") return [[s.cls.name!, false]];
  // the loop counter's `let` is rendered as a sibling statement; bodies may read but never write it
  if (s.k === "while" || s.k === "dowhile") return [[s.counter, false]];
  return [];
}

class Validator {
  private scope: VScope = { declared: new Map(), live: new Set() };
  /** In a class's method: `this.v` is allowed. */
  private inMethod = false;
  /** In a declared function's or a method's body: `arguments` and `this` are its own. */
  private inFunction = false;
  private targets: VTarget[] = [];
  private usedLabels = new Set<string>();

  fail(why: string): never {
    throw new Invalid(why);
  }

  resolve(name: string): { mutable: boolean } {
    for (let s: VScope | undefined = this.scope; s; s = s.parent) {
      if (s.declared.has(name)) {
        if (!s.live.has(name)) this.fail(`'${name}' used before its declaration (TDZ)`);
        return { mutable: s.declared.get(name)! };
      }
    }
    if (HELPERS.includes(name)) return { mutable: false };
    return this.fail(`'${name}' is not declared`);
  }

  expr(e: Expr, inArrow: boolean): void {
    switch (e.k) {
      case "var":
      case "errmsg":
      case "callvar":
        this.resolve(e.name);
        break;
      case "callall":
      case "push":
        this.resolve(e.name);
        break;
      case "assign":
      case "update":
        if (!this.resolve(e.name).mutable) this.fail(`assignment to read-only '${e.name}'`);
        break;
      case "yield":
      case "deleg":
        if (inArrow) this.fail("yield inside a nested function");
        break;
      case "arrow":
        inArrow = true;
        break;
      case "fcall":
      case "static":
      case "ck":
        this.resolve(e.name);
        break;
      case "thisv":
        if (!this.inMethod) this.fail("this.v outside a method");
        break;
      case "meta":
        if (!this.inFunction) this.fail("arguments / this outside a declared function or method");
        break;
      case "classexpr":
        this.classDef(e.cls, inArrow);
        return;
      case "new":
        if (typeof e.cls === "string") this.resolve(e.cls);
        else this.classDef(e.cls, inArrow);
        this.expr(e.arg, inArrow);
        return;
    }
    for (const c of exprChildren(e)) this.expr(c, inArrow);
  }

  /** A function-like part (no yields), with `p` bound when `param`, `this.v` allowed when `method`. */
  fnBody(e: Expr, param: boolean, method: boolean): void {
    const saved = this.inMethod;
    const savedFn = this.inFunction;
    this.inMethod = method;
    // (the functions with a parameter are the declared functions and the methods)
    this.inFunction = param;
    try {
      this.withScope(() => {
        if (param) {
          this.declare("p", false);
          this.scope.live.add("p");
        }
        this.expr(e, true);
      });
    } finally {
      this.inMethod = saved;
      this.inFunction = savedFn;
    }
  }

  classDef(c: ClassDef, inArrow: boolean): void {
    if (c.ext) {
      if (c.ext.e) this.expr(c.ext.e, inArrow);
      if (c.ext.base !== "Object") this.resolve(c.ext.base);
    }
    if (c.key) this.expr(c.key, inArrow);
    this.fnBody(c.s, false, false);
    this.fnBody(c.v, false, false);
    this.fnBody(c.m, true, true);
  }

  withScope<T>(fn: () => T): T {
    const saved = this.scope;
    this.scope = { parent: saved, declared: new Map(), live: new Set() };
    try {
      return fn();
    } finally {
      this.scope = saved;
    }
  }

  declare(name: string, mutable: boolean): void {
    if (this.scope.declared.has(name)) this.fail(`'${name}' declared twice in one scope`);
    this.scope.declared.set(name, mutable);
  }

  block(body: Stmt[]): void {
    this.withScope(() => this.stmts(body));
  }

  /** A statement list in the current scope: hoist its names (TDZ until reached), then walk it. */
  stmts(body: Stmt[]): void {
    for (const s of body) for (const [n, mut] of declaredBy(s)) this.declare(n, mut);
    // function declarations are hoisted with their value
    for (const s of body) if (s.k === "fdecl") this.scope.live.add(s.name);
    for (const s of body) this.stmt(s);
  }

  binding(b: Binding, mutable: boolean): void {
    // defaults are evaluated left to right, each after the names before it are bound
    if (b.k === "id") {
      this.declare(b.name, mutable);
      this.scope.live.add(b.name);
      return;
    }
    const names = bindingNames(b);
    for (const n of names) this.declare(n, mutable);
    if (b.k === "arrpat") {
      for (const el of b.elems) {
        if (el.def) this.expr(el.def, false);
        this.scope.live.add(el.name);
      }
    } else {
      for (const p of b.props) {
        if (p.def) this.expr(p.def, false);
        this.scope.live.add(p.name);
      }
    }
    if (b.rest) this.scope.live.add(b.rest);
  }

  labelled(label: string | undefined, kind: VTarget["kind"], fn: () => void): void {
    if (label) {
      if (this.targets.some((t) => t.label === label)) this.fail(`label ${label} nested in itself`);
    }
    this.targets.push({ kind, label });
    try {
      fn();
    } finally {
      this.targets.pop();
    }
  }

  stmt(s: Stmt): void {
    if ("label" in s && s.label && ownYields(s) > 1) this.fail(`label ${s.label} on a statement holding several yields (70008)`);
    switch (s.k) {
      case "decl": {
        this.expr(s.init, false);
        for (const d of bindingDefaults(s.target)) this.expr(d, false);
        for (const n of bindingNames(s.target)) this.scope.live.add(n);
        break;
      }
      case "var":
        if (s.init) this.expr(s.init, false);
        this.resolve(s.name);
        break;
      case "using":
        this.expr(s.init, false);
        this.scope.live.add(s.name);
        for (const d of s.more ?? []) {
          this.expr(d.init, false);
          this.scope.live.add(d.name);
        }
        break;
      case "fdecl":
        this.fnBody(s.body, true, false);
        break;
      case "cdecl":
        if (!s.cls.name) this.fail("class declaration without a name");
        this.classDef(s.cls, false);
        this.scope.live.add(s.cls.name);
        break;
      case "expr":
        if (s.label) this.labelled(s.label, "block", () => this.expr(s.e, false));
        else this.expr(s.e, false);
        break;
      case "if":
        this.expr(s.c, false);
        this.block(s.then);
        if (s.else) this.block(s.else);
        break;
      case "block":
        this.labelled(s.label, "block", () => this.block(s.body));
        break;
      case "while":
      case "dowhile":
        this.scope.live.add(s.counter);
        this.labelled(s.label, "loop", () => {
          if (s.k === "dowhile") this.block(s.body);
          if (s.c) this.expr(s.c, false);
          if (s.k === "while") this.block(s.body);
        });
        break;
      case "for":
        this.labelled(s.label, "loop", () =>
          this.withScope(() => {
            if (s.vkind !== "var") {
              this.declare(s.v, false);
              this.scope.live.add(s.v);
            }
            if (s.c) this.expr(s.c, false);
            if (s.upd) this.expr(s.upd, false);
            this.block(s.body);
          }),
        );
        break;
      case "forof":
        if (s.kind === "var") {
          // function-scoped names (see varNames): no TDZ scope, no per-iteration binding
          this.expr(s.iter, false);
          this.labelled(s.label, "loop", () =>
            this.withScope(() => {
              for (const d of bindingDefaults(s.target)) this.expr(d, false);
              this.block(s.body);
            }),
          );
          break;
        }
        // the iterable is evaluated in a scope where the loop's names are in TDZ
        this.withScope(() => {
          for (const n of bindingNames(s.target)) this.declare(n, false);
          this.expr(s.iter, false);
        });
        this.labelled(s.label, "loop", () =>
          this.withScope(() => {
            this.binding(s.target, s.kind === "let" ? false : false);
            this.block(s.body);
          }),
        );
        break;
      case "forin":
        if (s.vkind === "var") {
          this.expr(s.obj, false);
          this.labelled(s.label, "loop", () => this.block(s.body));
          break;
        }
        this.withScope(() => {
          this.declare(s.v, false);
          this.expr(s.obj, false);
        });
        this.labelled(s.label, "loop", () =>
          this.withScope(() => {
            this.declare(s.v, false);
            this.scope.live.add(s.v);
            this.block(s.body);
          }),
        );
        break;
      case "switch":
        this.expr(s.d, false);
        this.labelled(s.label, "switch", () => {
          for (const c of s.cases) if (c.test) this.expr(c.test, false);
          for (const c of s.cases) this.block(c.body);
        });
        if (s.cases.filter((c) => !c.test).length > 1) this.fail("two defaults");
        break;
      case "break":
        if (s.label) {
          if (!this.targets.some((t) => t.label === s.label)) this.fail(`break ${s.label}: no such label`);
          this.usedLabels.add(s.label);
        } else if (!this.targets.some((t) => t.kind !== "block")) this.fail("break outside loop/switch");
        break;
      case "continue":
        if (s.label) {
          const t = this.targets.find((t) => t.label === s.label);
          if (!t || t.kind !== "loop") this.fail(`continue ${s.label}: no such loop label`);
          this.usedLabels.add(s.label);
        } else if (!this.targets.some((t) => t.kind === "loop")) this.fail("continue outside loop");
        break;
      case "return":
        if (s.e) this.expr(s.e, false);
        break;
      case "throw":
        if (s.e) this.expr(s.e, false);
        break;
      case "rethrow":
        this.resolve(s.name);
        break;
      case "try":
        if (!s.catch && !s.fin) this.fail("try without catch or finally");
        this.block(s.body);
        if (s.catch) {
          const c = s.catch;
          this.withScope(() => {
            if (c.param) {
              this.declare(c.param, false);
              this.scope.live.add(c.param);
            }
            // `catch (e) { let e }` is a SyntaxError: the body's names may not repeat the param
            this.withScope(() => {
              for (const st of c.body)
                for (const [n] of declaredBy(st)) if (n === c.param) this.fail("catch body redeclares its param");
              this.stmts(c.body);
            });
          });
        }
        if (s.fin) this.block(s.fin);
        break;
    }
  }

  program(p: Program): void {
    for (const [n, mut] of varNames(p.body)) {
      this.declare(n, mut);
      this.scope.live.add(n);
    }
    this.stmts(p.body);
    if (p.drive.clone && p.drive.clone.at > p.drive.ops.length) this.fail("clone point after the last op");
  }
}

/** null when the program is well formed, else why not. */
export function validate(p: Program): string | null {
  try {
    new Validator().program(p);
    return null;
  } catch (e) {
    if (e instanceof Invalid) return e.message;
    throw e;
  }
}

/** A rough size (for the shrinker and for reporting): JSON length of the body and the drive. */
export function programSize(p: Program): number {
  return JSON.stringify(p.body).length + JSON.stringify(p.drive).length;
}

export function countStmts(body: Stmt[]): number {
  let n = 0;
  for (const s of body) {
    n++;
    for (const l of childLists(s)) n += countStmts(l);
  }
  return n;
}

/** The statement lists directly inside a statement. */
export function childLists(s: Stmt): Stmt[][] {
  switch (s.k) {
    case "if":
      return s.else ? [s.then, s.else] : [s.then];
    case "block":
    case "while":
    case "dowhile":
    case "for":
    case "forof":
    case "forin":
      return [s.body];
    case "switch":
      return s.cases.map((c) => c.body);
    case "try":
      return [s.body, ...(s.catch ? [s.catch.body] : []), ...(s.fin ? [s.fin] : [])];
    default:
      return [];
  }
}
