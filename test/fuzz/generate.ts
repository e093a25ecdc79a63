/**
 * A seeded, reproducible generator of random, well-formed generator bodies (see ./ast for the
 * language and its two renderings) and of the sequences that drive them.
 *
 * Every program terminates: loops are bounded by counters the body never writes (`while (w1++ < 3
 * && …)`, `for (let i1 = 0; i1 < 2 && …; i1++)`, also with `var`), for…of / for…in walk finite
 * literals and finite inner generators, closures, declared functions and class members contain
 * no loops (and functions and members call no user code), and the driver caps the number of steps.
 *
 * Scoping is tracked as JavaScript does it, so shadowing is frequent but never produces a TDZ
 * access: a block may declare a name only if nothing earlier in the block referred to an outer
 * binding of that name.
 */
import type { Binding, Case, ClassDef, Drive, Expr, Features, Item, Op, Program, Prop, Stmt, Val } from "./ast";
import { countYields, parseFeatures, varNames as varNamesOf } from "./ast";

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a tiny, fast, well-mixed 32-bit PRNG. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  /** Pick by weight; entries with weight <= 0 are never picked. */
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of xs) if (w > 0) total += w;
    let r = this.next() * total;
    for (const [w, x] of xs) {
      if (w <= 0) continue;
      r -= w;
      if (r < 0) return x;
    }
    return xs.filter(([w]) => w > 0)[0][1];
  }
}

/** The seed of the i-th program of a run started with `seed` (so `--seed S+i --count 1` replays it). */
export function programSeed(seed: number, i: number): number {
  return (seed + i) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Scopes

/** fn: a declared function (only called); class: a class (only constructed, read `.s`, `ck`-ed). */
type VarKind = "var" | "closure" | "catch" | "fns" | "counter" | "loop" | "fn" | "class" | "param";

interface VarInfo {
  mutable: boolean;
  kind: VarKind;
}

class Scope {
  readonly vars = new Map<string, VarInfo>();
  /** Names this block (or anything nested in it) already resolved to an outer binding. */
  readonly blocked = new Set<string>();
  /** Names not to be picked from here (nor from outer scopes, which they would shadow). */
  mask?: Set<string>;
  constructor(readonly parent?: Scope) {}

  lookup(name: string): [Scope, VarInfo] | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v) return [s, v];
    }
    return undefined;
  }

  /** Every visible binding (innermost wins). */
  visible(): [string, VarInfo][] {
    const seen = new Map<string, VarInfo>();
    const masked = new Set<string>();
    for (let s: Scope | undefined = this; s; s = s.parent) {
      for (const n of s.mask ?? []) masked.add(n);
      for (const [n, v] of s.vars) if (!seen.has(n) && !masked.has(n)) seen.set(n, v);
    }
    return [...seen];
  }

  /** Record a reference to `name` made in this scope. */
  use(name: string): void {
    const found = this.lookup(name);
    if (!found) throw new Error(`fuzz generator: reference to undeclared ${name}`);
    for (let s: Scope | undefined = this; s && s !== found[0]; s = s.parent) s.blocked.add(name);
  }

  canDeclare(name: string): boolean {
    return !this.vars.has(name) && !this.blocked.has(name);
  }
}

interface Target {
  kind: "loop" | "switch" | "block";
  label?: string;
}

interface Ctx {
  scope: Scope;
  targets: Target[];
  loopDepth: number;
  depth: number;
  /** In a function-like part (a declared function, a class's field or method): no yields, no calls of user code. */
  inFn?: boolean;
  /** In a class's method: `this.v` may be read. */
  method?: boolean;
  /** In a declared function's or a method's body: `arguments.length` and `typeof this` may be read. */
  plainFn?: boolean;
  /** Inside a loop: the scope the outermost enclosing loop statement stands in. */
  loopRoot?: Scope;
}

const USER_NAMES = ["a", "b", "c", "d", "s", "v"];
const KEYS = ["p", "q", "r"];
const STRS = ["x", "y", "ab", ""];

export interface GenOptions {
  /** Upper bound on the number of statements in a body. */
  maxStmts?: number;
  /** Maximum statement nesting. */
  maxDepth?: number;
  /** Maximum nesting of loops (each runs at most 3 times). */
  maxLoopDepth?: number;
  /** Driving steps before the driver gives up (the step cap). */
  maxSteps?: number;
  /**
   * With the clone feature: also clone programs that suspend inside for…in / for…of loops (off
   * by default: clone() refuses with NOT_CLONEABLE there, over an iterator that is not a
   * stackless instance, which the native replica does not; expect those as differences).
   */
  cloneIterations?: boolean;
  /**
   * Also generate the constructs docs/semantics.md lists as 70007 (cannot compile): a function
   * or class declaration in a loop that refers to a binding made inside the loop (a
   * per-iteration binding). Off by default, so that `all` finds what is not already known.
   */
  unsupported?: boolean;
}

class Gen {
  private stmtsLeft: number;
  private n = 0;
  readonly opts: Required<GenOptions>;

  constructor(
    readonly rng: Rng,
    readonly f: Features,
    opts: GenOptions,
  ) {
    this.opts = { maxStmts: 24, maxDepth: 4, maxLoopDepth: 2, maxSteps: 48, cloneIterations: false, unsupported: false, ...opts };
    this.stmtsLeft = this.opts.maxStmts;
  }

  /**
   * A program whose drive clones the instance (feature clone). `clone()` copies the saved locals
   * shallowly, so such a program holds nothing whose state the clone would share with the
   * original: no closures or declared functions over locals (function and class bodies see only
   * their parameter), no delegation, no logging iterators, no suspension in the middle of an
   * array pattern's iteration, and (unless cloneIterations) no for…of / for…in loops. Nor does it
   * read the log's length (`log.push(x)`): the clone shares its log with the original, while the
   * native side reproduces the clone with a log of its own.
   */
  safe = false;
  /** The body's function-scoped `var` names (feature vars). */
  root?: Scope;
  /** A scope holding only the `var` names: hoisted functions see these and nothing else. */
  varScope?: Scope;

  fresh(prefix: string): string {
    return `${prefix}${++this.n}`;
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  leaf(ctx: Ctx): Expr {
    const r = this.rng;
    // closures are only ever called: coercing one to a string would show its source text, which
    // the transformer may legitimately emit differently
    // (and caught values only through m(e), which hides engine-specific error messages)
    const all = ctx.scope.visible();
    const vars = all.filter(([, v]) => v.kind !== "fns" && v.kind !== "closure" && v.kind !== "catch" && v.kind !== "fn" && v.kind !== "class");
    const catches = all.filter(([, v]) => v.kind === "catch");
    const choice = r.weighted<string>([
      [4, "num"],
      [1, "str"],
      [1, "lit"],
      [vars.length ? 5 : 0, "var"],
      [catches.length ? 2 : 0, "errmsg"],
      [ctx.method ? 2 : 0, "thisv"],
      [ctx.plainFn ? 0.7 : 0, "meta"],
    ]);
    switch (choice) {
      case "thisv":
        return { k: "thisv", arrow: r.chance(0.3) };
      case "meta":
        return { k: "meta", what: r.pick(["argc", "this"] as const) };
      case "num":
        return { k: "num", v: r.chance(0.1) ? -1 : r.int(6) };
      case "str":
        return { k: "str", v: r.pick(STRS) };
      case "lit":
        return { k: "lit", v: r.pick(["true", "false", "null", "undefined"] as const) };
      case "errmsg": {
        const [name] = r.pick(catches);
        ctx.scope.use(name);
        return { k: "errmsg", name };
      }
      default: {
        const [name] = r.pick(vars);
        ctx.scope.use(name);
        return { k: "var", name };
      }
    }
  }

  items(ctx: Ctx, d: number, yieldOk: boolean, max: number): Item[] {
    const out: Item[] = [];
    const n = this.rng.int(max + 1);
    for (let i = 0; i < n; i++) {
      if (this.rng.chance(0.15)) out.push({ k: "spread", e: this.spreadable(ctx, d, yieldOk) });
      else out.push(this.expr(ctx, d - 1, yieldOk));
    }
    return out;
  }

  /** Something a spread may iterate: an array literal, or one of the logging iterables. */
  spreadable(ctx: Ctx, d: number, yieldOk: boolean): Expr {
    if (this.f.iterators && !this.safe && this.rng.chance(0.4)) return { k: "iter", tag: this.fresh("it"), n: this.rng.int(3) };
    return { k: "arr", items: this.items(ctx, d - 1, yieldOk, 2).filter((i): i is Expr => i.k !== "spread") };
  }

  mutableVars(ctx: Ctx): string[] {
    return ctx.scope
      .visible()
      .filter(([, v]) => v.mutable)
      .map(([n]) => n);
  }

  expr(ctx: Ctx, d: number, yieldOk: boolean): Expr {
    const r = this.rng;
    if (d <= 0 || r.chance(0.3)) {
      if (yieldOk && r.chance(0.2)) return { k: "yield", arg: r.chance(0.85) ? this.leaf(ctx) : undefined };
      return this.leaf(ctx);
    }
    const visible = ctx.scope.visible();
    const mutables = this.mutableVars(ctx);
    const closures = ctx.inFn ? [] : visible.filter(([, v]) => v.kind === "closure").map(([n]) => n);
    const fns = visible.filter(([, v]) => v.kind === "fns").map(([n]) => n);
    const funcs = ctx.inFn ? [] : visible.filter(([, v]) => v.kind === "fn").map(([n]) => n);
    const classes = ctx.inFn ? [] : visible.filter(([, v]) => v.kind === "class").map(([n]) => n);
    const choice = r.weighted<string>([
      [yieldOk ? 6 : 0, "yield"],
      [4, "bin"],
      [2, "logic"],
      [1.5, "cond"],
      [mutables.length ? 3 : 0, "assign"],
      [mutables.length ? 1 : 0, "update"],
      [1, "unary"],
      [0.7, "comma"],
      [4, "call"],
      [0.7, "optcall"],
      [1, "arr"],
      [1, "obj"],
      [1, "tmpl"],
      [1.2, "opt"],
      [0.6, "index"],
      [closures.length ? 2 : 0, "callvar"],
      // a closure that calls every closure in fns could call itself: none inside arrows
      [fns.length && yieldOk ? 1 : 0, "callall"],
      // (log.push answers the log's length: a clone shares the log, the native replica has its own)
      [this.safe ? 0 : 0.4, "logpush"],
      [this.f.delegate && yieldOk && !this.safe ? 2.5 : 0, "deleg"],
      [funcs.length ? 2 : 0, "fcall"],
      [classes.length ? 1.5 : 0, "new"],
      [this.f.vars && !ctx.inFn ? 0.4 : 0, "newexpr"],
      [classes.length ? 0.5 : 0, "static"],
      [classes.length ? 0.4 : 0, "ck"],
    ]);
    const sub = (): Expr => this.expr(ctx, d - 1, yieldOk);
    switch (choice) {
      case "yield":
        return { k: "yield", arg: r.chance(0.9) ? sub() : undefined };
      case "bin":
        return { k: "bin", op: r.pick(["+", "-", "*", "%", ">", "<=", ">=", "===", "!=="] as const), l: sub(), r: sub() };
      case "logic":
        return { k: "logic", op: r.pick(["&&", "||", "??"] as const), l: sub(), r: sub() };
      case "cond":
        return { k: "cond", c: sub(), t: sub(), f: sub() };
      case "assign": {
        const name = r.pick(mutables);
        const rhs = sub();
        ctx.scope.use(name);
        return { k: "assign", name, op: r.pick(["=", "+=", "+=", "-=", "*=", "||=", "&&=", "??="] as const), r: rhs };
      }
      case "update": {
        const name = r.pick(mutables);
        ctx.scope.use(name);
        return { k: "update", name, op: r.pick(["++", "--"] as const), prefix: r.chance(0.5) };
      }
      case "unary":
        return { k: "unary", op: r.pick(["!", "-", "typeof", "void"] as const), e: sub() };
      case "comma":
        return { k: "comma", l: sub(), r: sub() };
      case "call":
        return { k: "call", tag: this.fresh("c"), args: this.items(ctx, d, yieldOk, 3) };
      case "optcall":
        return { k: "optcall", c: sub(), tag: this.fresh("o"), args: this.items(ctx, d, yieldOk, 2) };
      case "arr":
        return { k: "arr", items: this.items(ctx, d, yieldOk, 3) };
      case "obj": {
        const props: Prop[] = [];
        const n = r.int(4);
        // (duplicate keys are legal JavaScript but a TypeScript error: each key at most once)
        const keys = [...KEYS];
        for (let i = 0; i < n; i++) {
          const c = r.weighted<string>([
            [keys.length ? 5 : 0, "prop"],
            [2, "computed"],
            [1, "spread"],
          ]);
          if (c === "prop") props.push({ k: "prop", key: keys.splice(r.int(keys.length), 1)[0], e: sub() });
          else if (c === "computed") props.push({ k: "computed", key: sub(), e: sub() });
          else props.push({ k: "spread", e: r.chance(0.5) ? this.objLiteral(ctx, d - 1, yieldOk) : sub() });
        }
        return { k: "obj", props };
      }
      case "tmpl": {
        const n = r.range(1, 2);
        const exprs: Expr[] = [];
        for (let i = 0; i < n; i++) exprs.push(sub());
        const parts = Array.from({ length: n + 1 }, () => r.pick(["", "<", ">", "-", "t"]));
        return { k: "tmpl", parts, exprs };
      }
      case "opt": {
        const base = r.weighted<() => Expr>([
          [2, () => ({ k: "lit", v: r.pick(["null", "undefined"] as const) })],
          [3, () => this.objLiteral(ctx, d - 1, yieldOk)],
          [2, () => sub()],
        ])();
        return { k: "opt", obj: base, key: r.chance(0.6) ? r.pick([...KEYS, "length"]) : sub() };
      }
      case "index":
        return { k: "index", arr: { k: "arr", items: this.items(ctx, d, yieldOk, 3) }, key: sub() };
      case "callvar": {
        const name = r.pick(closures);
        ctx.scope.use(name);
        return { k: "callvar", name };
      }
      case "callall": {
        const name = r.pick(fns);
        ctx.scope.use(name);
        return { k: "callall", tag: this.fresh("fs"), name };
      }
      case "deleg":
        return this.deleg(ctx);
      case "fcall": {
        const name = r.pick(funcs);
        ctx.scope.use(name);
        return { k: "fcall", name, arg: sub() };
      }
      case "new": {
        const name = r.pick(classes);
        ctx.scope.use(name);
        return { k: "new", cls: name, arg: sub() };
      }
      case "newexpr":
        return { k: "new", cls: this.classDef(ctx, yieldOk), arg: sub() };
      case "static":
      case "ck": {
        const name = r.pick(classes);
        ctx.scope.use(name);
        return choice === "ck" ? { k: "ck", tag: this.fresh("ck"), name } : { k: "static", name };
      }
      default:
        return { k: "logpush", e: sub() };
    }
  }

  /** yield* / yield_.from over a native inner generator, a logging iterable or an array. */
  deleg(ctx: Ctx): Expr {
    const r = this.rng;
    const src = r.weighted<() => Expr>([
      [6, () => ({ k: "gen", tag: this.fresh("g"), n: r.int(4), mode: r.int(4) })],
      [2, () => ({ k: "iter", tag: this.fresh("it"), n: r.int(3) })],
      [2, () => ({ k: "arr", items: this.items(ctx, 1, false, 2).filter((i): i is Expr => i.k !== "spread") })],
    ])();
    return { k: "deleg", src };
  }

  /**
   * The context for a function or class *declaration*: inside a loop, the bindings made inside
   * the loop (per-iteration ones) are out of sight — a declaration that refers to one is 70007,
   * even through a class's `extends` or computed key (see GenOptions.unsupported).
   */
  declCtx(ctx: Ctx): Ctx {
    if (!ctx.loopRoot || this.opts.unsupported) return ctx;
    const mask = new Set<string>();
    for (let s: Scope | undefined = ctx.scope; s && s !== ctx.loopRoot; s = s.parent) for (const n of s.vars.keys()) mask.add(n);
    const scope = new Scope(ctx.scope);
    scope.mask = mask;
    return { ...ctx, scope };
  }

  /** The context of a function-like part: its own scope (`p` when `param`), no yields. */
  fnCtx(ctx: Ctx, param: boolean, method: boolean, parent?: Scope): Ctx {
    // in a program that is cloned, function bodies see nothing of the body's locals
    const scope = new Scope(this.safe ? new Scope() : (parent ?? ctx.scope));
    if (param) scope.vars.set("p", { mutable: false, kind: "param" });
    // (the function-like parts with a parameter are the declared functions and the methods)
    return { scope, targets: [], loopDepth: 0, depth: ctx.depth + 1, inFn: true, method, plainFn: param };
  }

  /** A class (see ClassDef): extends and a computed key (both may yield) in ctx, the rest function-like. */
  classDef(ctx: Ctx, yieldOk: boolean, name?: string): ClassDef {
    const r = this.rng;
    const classes = ctx.scope
      .visible()
      .filter(([, v]) => v.kind === "class")
      .map(([n]) => n);
    let ext: ClassDef["ext"];
    if (r.chance(0.3)) {
      const base = classes.length && r.chance(0.7) ? r.pick(classes) : "Object";
      if (base !== "Object") ctx.scope.use(base);
      ext = { base, e: yieldOk && r.chance(0.5) ? this.yexpr(ctx, 1) : undefined };
    }
    const key: Expr | undefined = r.chance(0.3)
      ? yieldOk && r.chance(0.6)
        ? { k: "yield", arg: this.leaf(ctx) }
        : this.expr(ctx, 1, yieldOk)
      : undefined;
    const s = this.expr(this.fnCtx(ctx, false, false), 1, false);
    const v = this.expr(this.fnCtx(ctx, false, false), 1, false);
    const m = this.expr(this.fnCtx(ctx, true, true), 2, false);
    return { name, ext, key, s, v, m };
  }

  objLiteral(ctx: Ctx, d: number, yieldOk: boolean): Expr {
    const props: Prop[] = [];
    const keys = [...KEYS];
    const n = this.rng.range(1, 2);
    for (let i = 0; i < n; i++) {
      props.push({ k: "prop", key: keys.splice(this.rng.int(keys.length), 1)[0], e: this.expr(ctx, d - 1, yieldOk) });
    }
    return { k: "obj", props };
  }

  /** An expression that is likely to contain a yield (conditions, discriminants). */
  yexpr(ctx: Ctx, d: number): Expr {
    const r = this.rng;
    if (r.chance(0.35)) return { k: "yield", arg: this.leaf(ctx) };
    return this.expr(ctx, d, true);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  child(ctx: Ctx, extra?: Partial<Ctx>): Ctx {
    return { ...ctx, scope: new Scope(ctx.scope), depth: ctx.depth + 1, ...extra };
  }

  /**
   * A fresh user-visible name this scope may declare now, or undefined. With `vars`, a nested
   * block's `let` may shadow a function-scoped `var` (`varOk`; the caller then declares with let).
   */
  declarable(scope: Scope, varOk = false): string | undefined {
    if (varOk && this.varScope && scope !== this.root && this.rng.chance(0.1)) {
      const vs = [...this.varScope.vars.keys()].filter((n) => scope.canDeclare(n));
      if (vs.length) return this.rng.pick(vs);
    }
    const ok = USER_NAMES.filter((n) => scope.canDeclare(n));
    if (!ok.length) return undefined;
    // prefer shadowing names that are visible from outside
    const shadowing = ok.filter((n) => scope.lookup(n));
    return this.rng.chance(0.5) && shadowing.length ? this.rng.pick(shadowing) : this.rng.pick(ok);
  }

  stmts(ctx: Ctx, max: number): Stmt[] {
    const out: Stmt[] = [];
    // hoisted functions: declared somewhere in the list, callable anywhere in it (also before)
    const planned = this.f.vars && this.rng.chance(0.15) ? [this.hoisted(ctx)] : [];
    const n = this.rng.range(1, max);
    for (let i = 0; i < n && this.stmtsLeft > 0; i++) out.push(...this.stmt(ctx));
    for (const f of planned) out.splice(this.rng.int(out.length + 1), 0, f);
    return out;
  }

  /**
   * A function declaration whose body sees only its parameter and the `var`s (so a call before
   * its position meets no binding in TDZ), bound in ctx.scope at once.
   */
  hoisted(ctx: Ctx): Stmt {
    const name = this.fresh("fn");
    // its body means the `var`s: not those a `let` around it already shadows, and no block around
    // it may shadow the others later
    const scope = new Scope(this.varScope);
    scope.mask = new Set();
    for (const n of this.varScope?.vars.keys() ?? []) {
      if (ctx.scope.lookup(n)?.[0] === this.root) ctx.scope.use(n);
      else scope.mask.add(n);
    }
    const body = this.expr(this.fnCtx(ctx, true, false, scope), 2, false);
    this.bind(ctx, name, { mutable: false, kind: "fn" });
    return { k: "fdecl", name, body };
  }

  /**
   * `using u = dsp("u", mode, …)` (or null, or a value that is not disposable), sometimes with a
   * second declarator; each name is bound after its initializer.
   */
  usingDecl(ctx: Ctx): Stmt {
    const r = this.rng;
    const one = (): { name: string; init: Expr } => {
      const name = this.fresh("u");
      const init = r.weighted<() => Expr>([
        [17, () => ({ k: "dsp", tag: name, mode: r.chance(0.25) ? 1 : 0, e: r.chance(0.5) ? this.expr(ctx, 2, true) : undefined })],
        [2, () => ({ k: "lit", v: "null" })],
        [0.5, () => ({ k: "obj", props: [] })],
      ])();
      this.bind(ctx, name, { mutable: false, kind: "var" });
      return { name, init };
    };
    const first = one();
    return { k: "using", ...first, more: r.chance(0.25) ? [one()] : undefined };
  }

  /** The classics: a bare yield, `s += yield s`, a yield as a call argument, a delegation. */
  yieldStmt(ctx: Ctx): Stmt[] {
    const r = this.rng;
    const label = this.f.labels && r.chance(0.4) ? this.fresh("L") : undefined;
    if (this.f.delegate && !this.safe && r.chance(0.25)) {
      return [{ k: "expr", label, e: { k: "call", tag: this.fresh("c"), args: [this.deleg(ctx)] } }];
    }
    const m = this.mutableVars(ctx);
    if (m.length && r.chance(0.5)) {
      const name = r.pick(m);
      ctx.scope.use(name);
      const op = r.pick(["=", "+=", "+=", "-=", "||=", "??="] as const);
      return [{ k: "expr", label, e: { k: "assign", name, op, r: { k: "yield", arg: { k: "var", name } } } }];
    }
    const e: Expr = { k: "yield", arg: this.expr(ctx, 2, true) };
    return [{ k: "expr", label: countYields(e) === 1 ? label : undefined, e }];
  }

  label(): string | undefined {
    return this.rng.chance(0.3) ? this.fresh("L") : undefined;
  }

  /**
   * SPEC: a label names the suspension state of the yield its statement holds, so a statement
   * holding several yields in its own expressions must not be labelled (70008). Called before
   * the statement's body is generated, so that no jump refers to a dropped label.
   */
  keepLabel(label: string | undefined, own: (Expr | undefined)[]): string | undefined {
    return own.reduce((n, e) => n + countYields(e), 0) > 1 ? undefined : label;
  }

  /** Declare a binding in ctx.scope (after generating its initializer). */
  bind(ctx: Ctx, name: string, info: VarInfo): void {
    ctx.scope.vars.set(name, info);
  }

  binding(ctx: Ctx, yieldOk: boolean, forDecl: boolean): Binding | undefined {
    const r = this.rng;
    const scope = ctx.scope;
    if (!this.f.destructuring || r.chance(0.6)) {
      const name = this.declarable(scope, forDecl);
      return name ? { k: "id", name } : undefined;
    }
    const names: string[] = [];
    const take = (): string | undefined => {
      const ok = USER_NAMES.filter((n) => scope.canDeclare(n) && !names.includes(n));
      if (!ok.length) return undefined;
      const n = r.pick(ok);
      names.push(n);
      return n;
    };
    // (in a cloned program, an array pattern must not suspend in the middle of its iteration)
    const def = (): Expr | undefined =>
      r.chance(0.4) ? (yieldOk && r.chance(0.5) && !this.safe ? { k: "yield", arg: this.leaf(ctx) } : this.leaf(ctx)) : undefined;
    if (r.chance(0.5)) {
      const elems: { name: string; def?: Expr }[] = [];
      const n = r.range(1, 3);
      for (let i = 0; i < n; i++) {
        const name = take();
        if (!name) break;
        elems.push({ name, def: def() });
      }
      if (!elems.length) return undefined;
      const rest = forDecl && r.chance(0.2) ? take() : undefined;
      return { k: "arrpat", elems, rest };
    }
    const props: { key: string; name: string; def?: Expr }[] = [];
    const keys = [...KEYS];
    const n = r.range(1, 2);
    for (let i = 0; i < n; i++) {
      const name = take();
      if (!name) break;
      const key = keys.splice(r.int(keys.length), 1)[0];
      props.push({ key, name, def: def() });
    }
    if (!props.length) return undefined;
    const rest = forDecl && r.chance(0.2) ? take() : undefined;
    return { k: "objpat", props, rest };
  }

  bindingNames(b: Binding): string[] {
    if (b.k === "id") return [b.name];
    if (b.k === "arrpat") return [...b.elems.map((e) => e.name), ...(b.rest ? [b.rest] : [])];
    return [...b.props.map((p) => p.name), ...(b.rest ? [b.rest] : [])];
  }

  /** An initializer suitable for a pattern. */
  patternInit(ctx: Ctx, b: Binding): Expr {
    const r = this.rng;
    if (b.k === "arrpat") {
      if (this.f.iterators && !this.safe && r.chance(0.3)) return { k: "iter", tag: this.fresh("it"), n: r.int(4) };
      return { k: "arr", items: this.items(ctx, 2, true, 4) };
    }
    if (b.k === "objpat") {
      const props: Prop[] = [];
      for (const key of KEYS) if (r.chance(0.6)) props.push({ k: "prop", key, e: this.expr(ctx, 1, true) });
      return { k: "obj", props };
    }
    return this.expr(ctx, 3, true);
  }

  iterable(ctx: Ctx): Expr {
    const r = this.rng;
    if (this.f.delegate && !this.safe && r.chance(0.15)) return { k: "gen", tag: this.fresh("g"), n: r.int(4), mode: r.int(4) };
    if (this.f.iterators && !this.safe && r.chance(0.35)) return { k: "iter", tag: this.fresh("it"), n: r.int(4) };
    const items: Item[] = [];
    const n = r.int(4);
    for (let i = 0; i < n; i++) items.push(r.chance(0.3) ? this.expr(ctx, 1, true) : this.leaf(ctx));
    return { k: "arr", items };
  }

  breaks(ctx: Ctx): Stmt[] {
    const r = this.rng;
    const opts: Stmt[] = [];
    if (ctx.targets.some((t) => t.kind !== "block")) opts.push({ k: "break" });
    if (ctx.targets.some((t) => t.kind === "loop")) opts.push({ k: "continue" });
    for (const t of ctx.targets) {
      if (!t.label) continue;
      opts.push({ k: "break", label: t.label });
      if (t.kind === "loop") opts.push({ k: "continue", label: t.label });
    }
    return opts.length ? [r.pick(opts)] : [];
  }

  /** Wrap a jump in `if (c)` most of the time, so code after it stays reachable. */
  guarded(ctx: Ctx, s: Stmt): Stmt {
    const r = this.rng;
    if (r.chance(0.2)) return s;
    // most inputs are truthy: half of the guards compare with a number so that jumps are rarer
    const c: Expr = r.chance(0.5) ? this.yexpr(ctx, 2) : { k: "bin", op: "===", l: this.yexpr(ctx, 1), r: { k: "num", v: r.int(4) } };
    return { k: "if", c, then: [s] };
  }

  stmt(ctx: Ctx): Stmt[] {
    const r = this.rng;
    this.stmtsLeft--;
    const deep = ctx.depth >= this.opts.maxDepth;
    const loopOk = !deep && ctx.loopDepth < this.opts.maxLoopDepth;
    const visible = ctx.scope.visible();
    const fns = visible.filter(([, v]) => v.kind === "fns").map(([n]) => n);
    const inFor = ctx.targets.length > 0;
    const iterOk = !this.safe || this.opts.cloneIterations;
    const choice = r.weighted<string>([
      [3, "decl"],
      [4, "expr"],
      [1.5, "yield"],
      [deep ? 0 : 2, "if"],
      [deep ? 0 : 0.7, "block"],
      [loopOk ? 0.8 : 0, "while"],
      [loopOk ? 0.5 : 0, "dowhile"],
      [loopOk ? 1 : 0, "for"],
      [loopOk && iterOk ? 0.8 : 0, "forof"],
      [loopOk && iterOk ? 0.5 : 0, "forin"],
      [deep ? 0 : 0.8, "switch"],
      [ctx.targets.length ? 1.5 : 0, "jump"],
      [0.5, "return"],
      [0.4, "throw"],
      [this.f.try && !deep ? 2 : 0, "try"],
      [this.f.closures && !this.safe ? 1 : 0, "closure"],
      [fns.length ? (inFor ? 2 : 0.8) : 0, "push"],
      [fns.length ? 0.5 : 0, "callall"],
      [this.f.vars ? 1.5 : 0, "var"],
      [this.f.vars ? 0.6 : 0, "fdecl"],
      [this.f.vars ? 0.6 : 0, "cdecl"],
      [this.f.vars ? 0.3 : 0, "constclass"],
      [this.f.using ? 0.8 : 0, "using"],
      [this.f.using && !deep ? 1.2 : 0, "usingblock"],
    ]);
    switch (choice) {
      case "decl": {
        const target = this.binding(ctx, true, true);
        if (!target) return [{ k: "expr", e: this.expr(ctx, 3, true) }];
        // a `let` that shadows a `var` stays mutable: functions that assign the var may see it
        const shadowsVar = target.k === "id" && !!this.varScope?.vars.has(target.name);
        const kind = shadowsVar || r.chance(0.7) ? "let" : "const";
        const init = this.patternInit(ctx, target);
        const names = this.bindingNames(target);
        // the initializer (or a default) referred to an outer binding of a name this declaration
        // shadows: that would be a TDZ access, so keep the initializer as a plain expression
        if (names.some((n) => ctx.scope.blocked.has(n))) return [{ k: "expr", e: init }];
        for (const n of names) this.bind(ctx, n, { mutable: kind === "let", kind: "var" });
        return [{ k: "decl", kind, target, init }];
      }
      case "expr": {
        const e = this.expr(ctx, 3, true);
        // `Add: sum += yield_(sum);`: a label that names a state
        const label = countYields(e) === 1 && r.chance(this.f.labels ? 0.45 : 0.1) ? this.fresh("L") : undefined;
        return [{ k: "expr", label, e }];
      }
      case "yield":
        return this.yieldStmt(ctx);
      case "var": {
        // (not where a block's `let` shadows the name: `{ let va; var va; }` is a SyntaxError)
        const vs = this.varScope ? [...this.varScope.vars.keys()].filter((n) => ctx.scope.lookup(n)?.[0] === this.root) : [];
        if (!vs.length) return [{ k: "expr", e: this.expr(ctx, 3, true) }];
        const name = r.pick(vs);
        const init = r.chance(0.75) ? this.expr(ctx, 3, true) : undefined;
        ctx.scope.use(name);
        return [{ k: "var", name, init }];
      }
      case "fdecl": {
        // a function over the locals declared so far: called only after its declaration
        const name = this.fresh("fn");
        const body = this.expr(this.fnCtx(this.declCtx(ctx), true, false), 2, false);
        this.bind(ctx, name, { mutable: false, kind: "fn" });
        return [{ k: "fdecl", name, body }];
      }
      case "cdecl": {
        const name = this.fresh("C");
        const cls = this.classDef(this.declCtx(ctx), true, name);
        this.bind(ctx, name, { mutable: false, kind: "class" });
        return [{ k: "cdecl", cls }];
      }
      case "constclass": {
        const name = this.fresh("C");
        const cls = this.classDef(ctx, true);
        this.bind(ctx, name, { mutable: false, kind: "class" });
        return [{ k: "decl", kind: "const", target: { k: "id", name }, init: { k: "classexpr", cls } }];
      }
      case "using":
        return [this.usingDecl(ctx)];
      case "usingblock": {
        // a block that suspends with resources pending: yields before and after the declarations
        const label = this.label();
        const inner = this.child(ctx, { targets: label ? [...ctx.targets, { kind: "block", label }] : ctx.targets });
        const body: Stmt[] = [];
        if (r.chance(0.5)) body.push(...this.stmts(inner, 2));
        body.push(this.usingDecl(inner));
        if (r.chance(0.3)) body.push(...this.yieldStmt(inner));
        if (r.chance(0.3)) body.push(this.usingDecl(inner));
        body.push(...this.yieldStmt(inner));
        body.push(...this.stmts(inner, 3));
        return [{ k: "block", label, body }];
      }
      case "if": {
        const c = this.yexpr(ctx, 2);
        const then = this.stmts(this.child(ctx), 3);
        const els = r.chance(0.4) ? this.stmts(this.child(ctx), 3) : undefined;
        return [{ k: "if", c, then, else: els }];
      }
      case "block": {
        const label = this.label();
        const inner = this.child(ctx, { targets: label ? [...ctx.targets, { kind: "block", label }] : ctx.targets });
        return [{ k: "block", label, body: this.stmts(inner, 4) }];
      }
      case "while":
      case "dowhile": {
        const counter = this.fresh("w");
        const n = r.int(4);
        this.bind(ctx, counter, { mutable: false, kind: "counter" });
        // (for a do…while the condition comes after the body, but it lives in the outer scope
        // either way, so generating it first changes nothing about scoping)
        const c = r.chance(0.5) ? this.yexpr(ctx, 2) : undefined;
        const label = this.keepLabel(this.label(), [c]);
        const loopCtx: Ctx = { ...ctx, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1, loopRoot: ctx.loopRoot ?? ctx.scope };
        const body = this.stmts(this.child(loopCtx), 4);
        return [{ k: choice, label, counter, n, c, body }];
      }
      case "for": {
        const v = this.fresh("i");
        const n = r.int(4);
        const head = this.child(ctx);
        // `for (var i = 0; …)`: one binding for the whole body, readable after the loop
        const vkind = this.f.vars && r.chance(0.25) ? ("var" as const) : undefined;
        (vkind ? this.root! : head.scope).vars.set(v, { mutable: false, kind: "loop" });
        const c = r.chance(0.4) ? this.yexpr(head, 2) : undefined;
        const upd = r.chance(0.3) ? this.expr(head, 2, true) : undefined;
        const label = this.keepLabel(this.label(), [c, upd]);
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1, loopRoot: ctx.loopRoot ?? ctx.scope };
        return [{ k: "for", label, vkind, v, n, c, upd, body: this.stmts(this.child(loopCtx), 4) }];
      }
      case "forof": {
        // the iterable is evaluated where the loop's own names are already in TDZ: use `head`
        const head = this.child(ctx);
        let target: Binding | undefined;
        let iter: Expr;
        if (this.f.destructuring && r.chance(0.3)) {
          // for (const [a, b = …] of [[…], […]])
          const b = this.binding(head, true, false);
          if (b && b.k !== "id") {
            const rows: Item[] = [];
            const n = r.int(3);
            for (let i = 0; i < n; i++) rows.push(this.patternInit(head, b));
            iter = { k: "arr", items: rows };
            if (!this.bindingNames(b).some((n) => head.scope.blocked.has(n))) target = b;
          } else {
            iter = this.iterable(head);
          }
        } else {
          iter = this.iterable(head);
        }
        const isVar = !target && this.f.vars && r.chance(0.25);
        target ??= { k: "id", name: this.fresh("x") };
        const defaults =
          target.k === "arrpat" ? target.elems.map((e) => e.def) : target.k === "objpat" ? target.props.map((p) => p.def) : [];
        const label = this.keepLabel(this.label(), [iter, ...defaults]);
        for (const n of this.bindingNames(target)) (isVar ? this.root! : head.scope).vars.set(n, { mutable: false, kind: "loop" });
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1, loopRoot: ctx.loopRoot ?? ctx.scope };
        const kind = isVar ? "var" : r.chance(0.5) ? "let" : "const";
        return [{ k: "forof", label, kind, target, iter, body: this.stmts(this.child(loopCtx), 4) }];
      }
      case "forin": {
        const v = this.fresh("k");
        const obj: Expr = r.chance(0.8) ? this.objLiteral(ctx, 2, true) : { k: "arr", items: this.items(ctx, 2, true, 3) };
        const label = this.keepLabel(this.label(), [obj]);
        const head = this.child(ctx);
        const vkind = this.f.vars && r.chance(0.25) ? ("var" as const) : undefined;
        (vkind ? this.root! : head.scope).vars.set(v, { mutable: false, kind: "loop" });
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1, loopRoot: ctx.loopRoot ?? ctx.scope };
        return [{ k: "forin", label, vkind, v, obj, body: this.stmts(this.child(loopCtx), 3) }];
      }
      case "switch": {
        const d: Expr = r.chance(0.5)
          ? { k: "yield", arg: this.leaf(ctx) }
          : { k: "bin", op: "%", l: this.expr(ctx, 2, true), r: { k: "num", v: 3 } };
        const n = r.range(1, 4);
        const defaultAt = r.chance(0.6) ? r.int(n) : -1;
        const tests: (Expr | undefined)[] = [];
        for (let i = 0; i < n; i++) {
          tests.push(
            i === defaultAt
              ? undefined
              : r.chance(0.15)
                ? this.expr(ctx, 1, true)
                : r.chance(0.85)
                  ? { k: "num", v: r.int(4) }
                  : { k: "str", v: r.pick(STRS) },
          );
        }
        const label = this.keepLabel(this.label(), [d, ...tests]);
        const swCtx: Ctx = { ...ctx, targets: [...ctx.targets, { kind: "switch", label }] };
        const cases: Case[] = tests.map((test) => {
          const body = this.stmts(this.child(swCtx), 3);
          if (r.chance(0.6)) body.push({ k: "break" });
          return { test, body };
        });
        return [{ k: "switch", label, d, cases }];
      }
      case "jump": {
        const jumps = this.breaks(ctx);
        return jumps.length ? [this.guarded(ctx, jumps[0])] : [];
      }
      case "return":
        return [this.guarded(ctx, { k: "return", e: r.chance(0.8) ? this.expr(ctx, 2, true) : undefined })];
      case "throw": {
        const raw = r.chance(0.15);
        return [this.guarded(ctx, { k: "throw", msg: this.fresh("E"), e: r.chance(0.7) ? this.expr(ctx, 2, true) : undefined, raw })];
      }
      case "try": {
        const body = this.stmts(this.child(ctx), 4);
        const form = r.weighted<string>([
          [3, "cf"],
          [3, "c"],
          [3, "f"],
        ]);
        let cat: { param?: string; body: Stmt[] } | undefined;
        if (form !== "f") {
          const cctx = this.child(ctx);
          const param = r.chance(0.85) ? this.fresh("e") : undefined;
          if (param) this.bind(cctx, param, { mutable: false, kind: "catch" });
          const inner = this.child(cctx);
          const cbody = this.stmts(inner, 3);
          if (param && r.chance(0.2)) cbody.push(this.guarded(inner, { k: "rethrow", name: param }));
          cat = { param, body: cbody };
        }
        const fin = form !== "c" ? this.stmts(this.child(ctx), 3) : undefined;
        return [{ k: "try", body, catch: cat, fin }];
      }
      case "closure": {
        const name = this.fresh("f");
        const body = this.expr(ctx, 2, false);
        this.bind(ctx, name, { mutable: false, kind: "closure" });
        return [{ k: "decl", kind: "const", target: { k: "id", name }, init: { k: "arrow", body } }];
      }
      case "push": {
        const name = r.pick(fns);
        ctx.scope.use(name);
        return [{ k: "expr", e: { k: "push", name, e: { k: "arrow", body: this.expr(ctx, 2, false) } } }];
      }
      default: {
        const name = r.pick(fns);
        ctx.scope.use(name);
        return [{ k: "expr", e: { k: "callall", tag: this.fresh("fs"), name } }];
      }
    }
  }

  body(): Stmt[] {
    const scope = new Scope();
    const ctx: Ctx = { scope, targets: [], loopDepth: 0, depth: 0 };
    const out: Stmt[] = [];
    this.root = scope;
    this.safe = this.f.clone && this.rng.chance(0.5);
    if (this.f.vars) {
      // function-scoped names, readable (as undefined) before any `var` statement assigns them;
      // each one is declared by at least one `var` statement somewhere (see the end)
      this.varScope = new Scope();
      const names = ["va", "vb", "vc"].slice(0, this.rng.range(1, 3));
      for (const n of names) {
        scope.vars.set(n, { mutable: true, kind: "var" });
        this.varScope.vars.set(n, { mutable: true, kind: "var" });
      }
    }
    if (this.f.closures && !this.safe) {
      this.bind(ctx, "fns", { mutable: false, kind: "fns" });
      out.push({ k: "decl", kind: "const", target: { k: "id", name: "fns" }, init: { k: "arr", items: [] } });
    }
    // hoisted functions at body level, often called before their declaration
    const planned = this.f.vars && this.rng.chance(0.6) ? [this.hoisted(ctx)] : [];
    while (this.stmtsLeft > 0) out.push(...this.stmt(ctx));
    for (const f of planned) out.splice(this.rng.range(Math.min(out.length, 2), out.length), 0, f);
    if (this.f.closures && !this.safe && this.rng.chance(0.7)) out.push({ k: "expr", e: { k: "callall", tag: this.fresh("fs"), name: "fns" } });
    if (this.rng.chance(0.5)) out.push({ k: "return", e: this.expr(ctx, 2, true) });
    if (this.varScope) {
      // a `var` nothing declared yet is declared at the end (hoisting makes it visible everywhere)
      const declared = varNamesOf(out);
      for (const n of this.varScope.vars.keys()) if (!declared.has(n)) out.push({ k: "var", name: n });
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Driving

  input(): Val {
    const r = this.rng;
    return r.weighted<() => Val>([
      [6, () => ({ t: "json", v: r.int(8) })],
      [1, () => ({ t: "undef" })],
      [1, () => ({ t: "json", v: null })],
      [1, () => ({ t: "json", v: r.pick(["x", "", "yz"]) })],
      [0.5, () => ({ t: "json", v: r.chance(0.5) })],
      [0.7, () => ({ t: "json", v: { p: r.int(3) } })],
      [0.4, () => ({ t: "json", v: [r.int(3)] })],
    ])();
  }

  thrown(): Val {
    const r = this.rng;
    return r.chance(0.8) ? { t: "err", msg: this.fresh("drv") } : { t: "json", v: r.pick([7, "boom"]) };
  }

  op(): Op {
    const r = this.rng;
    const kind = this.f.drive
      ? r.weighted<Op["op"]>([
          [16, "next"],
          [2, "throw"],
          [2, "return"],
        ])
      : "next";
    if (kind === "throw") return { op: kind, arg: this.thrown() };
    return { op: kind, arg: this.input() };
  }

  drive(): Drive {
    const ops: Op[] = [];
    for (let i = 0; i < this.opts.maxSteps; i++) ops.push(this.op());
    // after completion: SPEC's CoroutineError for next/throw, JS's answer for return
    const post: Op[] = this.f.drive
      ? [this.op(), this.op(), this.op()]
      : [
          { op: "next", arg: this.input() },
          { op: "throw", arg: this.thrown() },
          { op: "return", arg: this.input() },
        ];
    if (this.safe) {
      const r = this.rng;
      // most programs finish within a few steps: clone early
      const at = r.chance(0.15) ? 0 : r.range(1, 5);
      return { ops, post, clone: { at, order: r.pick(["alt", "alt", "orig", "clone"] as const) } };
    }
    return { ops, post };
  }
}

/** The program for one seed. The same seed, features and options always give the same program. */
export function generateProgram(seed: number, features: Features | string = "base", opts: GenOptions = {}): Program {
  const f = typeof features === "string" ? parseFeatures(features) : features;
  const rng = new Rng(seed);
  const g = new Gen(rng, f, opts);
  const form = f.fnexpr && rng.chance(0.5) ? "function" : "arrow";
  const body = g.body();
  const drive = g.drive();
  return { seed, features: f, form, body, drive };
}
