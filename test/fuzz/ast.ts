/**
 * The fuzzer's little language: a JSON-safe AST of generator bodies, its two renderings (native
 * `function*` and stackless `generator(() => …)`, identical except `yield e` ↔ `yield_(e)`), and a
 * well-formedness check (scoping, TDZ, labels, break/continue targets) that the shrinker uses to
 * discard candidates that would not be valid programs.
 *
 * Everything a body can touch from outside is passed to `make(t, log, it, m)`:
 *   t(tag, ...args)  logs `tag(arg,…)` to `log` and returns its last argument (evaluation order)
 *   log              the log array itself (bodies may `log.push(x)` directly)
 *   it(tag, n)       an iterable over 0..n-1 that logs `tag.next` / `tag.return` (iterator closing)
 *   m(e)             a caught value's message (`e.message` for errors, else the value)
 */

export type FeatureName = "base" | "try" | "closures" | "drive" | "destructuring" | "iterators" | "fnexpr";
export const ALL_FEATURES: readonly FeatureName[] = [
  "base",
  "try",
  "closures",
  "drive",
  "destructuring",
  "iterators",
  "fnexpr",
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
  | { k: "iter"; tag: string; n: number };

/** A declaration target: a name, or a one-level array / object pattern. */
export type Binding =
  | { k: "id"; name: string }
  | { k: "arrpat"; elems: { name: string; def?: Expr }[]; rest?: string }
  | { k: "objpat"; props: { key: string; name: string; def?: Expr }[]; rest?: string };

export type Case = { test?: Expr; body: Stmt[] };

export type Stmt =
  | { k: "decl"; kind: "let" | "const"; target: Binding; init: Expr }
  /** a label here names the suspension state of its (single) yield, as in SPEC's `Add: sum += yield_(sum);` */
  | { k: "expr"; label?: string; e: Expr }
  | { k: "if"; c: Expr; then: Stmt[]; else?: Stmt[] }
  | { k: "block"; label?: string; body: Stmt[] }
  /** let counter = 0; label: while (counter++ < n && c) { body } */
  | { k: "while"; label?: string; counter: string; n: number; c?: Expr; body: Stmt[] }
  /** let counter = 0; label: do { body } while (counter++ < n && c); */
  | { k: "dowhile"; label?: string; counter: string; n: number; c?: Expr; body: Stmt[] }
  /** label: for (let v = 0; v < n && c; v++, upd) { body } */
  | { k: "for"; label?: string; v: string; n: number; c?: Expr; upd?: Expr; body: Stmt[] }
  | { k: "forof"; label?: string; kind: "let" | "const"; target: Binding; iter: Expr; body: Stmt[] }
  | { k: "forin"; label?: string; v: string; obj: Expr; body: Stmt[] }
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

/** `ops` run until the instance is done (or they run out); then, if done, `post` runs. */
export interface Drive {
  ops: Op[];
  post: Op[];
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
}

// ---------------------------------------------------------------------------------------------
// Rendering

function q(s: string): string {
  return JSON.stringify(s);
}

class Renderer {
  constructor(
    readonly mode: Mode,
    readonly mut: Mutation = {},
  ) {}

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
        const arg = e.arg ? this.expr(e.arg) : "";
        const y = this.mode === "native" ? (arg ? `(yield ${arg})` : "(yield)") : `yield_(${arg})`;
        return this.mut.yieldOffByOne ? `(${y} + 1)` : y;
      }
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
    return "{\n" + body.map((s) => this.stmt(s, ind + "  ")).join("\n") + "\n" + ind + "}";
  }

  /**
   * `case (x): { … }` parses in a .ts file as an arrow function with a return type annotation,
   * `(x): { … } => …`; a test that would start with "(" is written `[x][0]` instead.
   */
  caseTest(e: Expr): string {
    const t = this.expr(e);
    // decided on both renderings, so that the two bodies stay alike
    const other = new Renderer(this.mode === "native" ? "stackless" : "native", this.mut).expr(e);
    return t.startsWith("(") || other.startsWith("(") ? `[${t}][0]` : t;
  }

  bound(n: number): number {
    return this.mut.loopOffByOne ? n + 1 : n;
  }

  stmt(s: Stmt, ind: string): string {
    const lab = "label" in s && s.label ? `${s.label}: ` : "";
    switch (s.k) {
      case "decl":
        return `${ind}${s.kind} ${this.binding(s.target)} = ${this.expr(s.init)};`;
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
        return `${ind}${lab}for (let ${s.v} = 0; (${s.v} < ${this.bound(s.n)})${c}; ${s.v}++${u}) ${this.block(s.body, ind)}`;
      }
      case "forof":
        return `${ind}${lab}for (${s.kind} ${this.binding(s.target)} of ${this.expr(s.iter)}) ${this.block(s.body, ind)}`;
      case "forin":
        return `${ind}${lab}for (const ${s.v} in ${this.expr(s.obj)}) ${this.block(s.body, ind)}`;
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
export function renderBody(p: Program, mode: Mode, mut?: Mutation, ind = "    "): string {
  const r = new Renderer(mode, mut);
  return p.body.map((s) => r.stmt(s, ind)).join("\n");
}

/** A whole module. Native: CommonJS JavaScript. Stackless: a TypeScript module importing the markers. */
export function renderModule(p: Program, mode: Mode, mut?: Mutation): string {
  const body = renderBody(p, mode, mut);
  if (mode === "native") {
    return (
      `exports.make = function (t, log, it, m) {\n` +
      `  return (function* () {\n${body}\n  })();\n` +
      `};\n`
    );
  }
  const open = p.form === "function" ? "generator(function () {" : "generator(() => {";
  return (
    `import { generator, yield_ } from "stackless";\n\n` +
    `export function make(t: any, log: any, it: any, m: any) {\n` +
    `  return ${open}\n${body}\n  });\n` +
    `}\n`
  );
}

// ---------------------------------------------------------------------------------------------
// Well-formedness

export const HELPERS = ["t", "log", "it", "m"];

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
      return [];
    case "yield":
      return e.arg ? [e.arg] : [];
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

/** Number of yields in an expression (arrows never hold one). */
export function countYields(e: Expr | undefined): number {
  if (!e) return 0;
  return (e.k === "yield" ? 1 : 0) + exprChildren(e).reduce((n, c) => n + countYields(c), 0);
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

function bindingDefaults(b: Binding): Expr[] {
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

/** Names a statement declares directly in the enclosing block (with mutability). */
function declaredBy(s: Stmt): [string, boolean][] {
  if (s.k === "decl") return bindingNames(s.target).map((n) => [n, s.kind === "let"]);
  // the loop counter's `let` is rendered as a sibling statement; bodies may read but never write it
  if (s.k === "while" || s.k === "dowhile") return [[s.counter, false]];
  return [];
}

class Validator {
  private scope: VScope = { declared: new Map(), live: new Set() };
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
        if (inArrow) this.fail("yield inside an arrow function");
        break;
      case "arrow":
        inArrow = true;
        break;
    }
    for (const c of exprChildren(e)) this.expr(c, inArrow);
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
            this.declare(s.v, false);
            this.scope.live.add(s.v);
            if (s.c) this.expr(s.c, false);
            if (s.upd) this.expr(s.upd, false);
            this.block(s.body);
          }),
        );
        break;
      case "forof":
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
    this.stmts(p.body);
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
