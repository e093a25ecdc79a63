/**
 * A seeded, reproducible generator of random, well-formed generator bodies (see ./ast for the
 * language and its two renderings) and of the sequences that drive them.
 *
 * Every program terminates: loops are bounded by counters the body never writes (`while (w1++ < 3
 * && …)`, `for (let i1 = 0; i1 < 2 && …; i1++)`), for…of / for…in walk finite literals, closures
 * contain no loops, and the driver caps the number of steps.
 *
 * Scoping is tracked as JavaScript does it, so shadowing is frequent but never produces a TDZ
 * access: a block may declare a name only if nothing earlier in the block referred to an outer
 * binding of that name.
 */
import type { Binding, Case, Drive, Expr, Features, Item, Op, Program, Prop, Stmt, Val } from "./ast";
import { countYields, parseFeatures } from "./ast";

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

type VarKind = "var" | "closure" | "catch" | "fns" | "counter" | "loop";

interface VarInfo {
  mutable: boolean;
  kind: VarKind;
}

class Scope {
  readonly vars = new Map<string, VarInfo>();
  /** Names this block (or anything nested in it) already resolved to an outer binding. */
  readonly blocked = new Set<string>();
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
    for (let s: Scope | undefined = this; s; s = s.parent) {
      for (const [n, v] of s.vars) if (!seen.has(n)) seen.set(n, v);
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
    this.opts = { maxStmts: 24, maxDepth: 4, maxLoopDepth: 2, maxSteps: 48, ...opts };
    this.stmtsLeft = this.opts.maxStmts;
  }

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
    const vars = all.filter(([, v]) => v.kind !== "fns" && v.kind !== "closure" && v.kind !== "catch");
    const catches = all.filter(([, v]) => v.kind === "catch");
    const choice = r.weighted<string>([
      [4, "num"],
      [1, "str"],
      [1, "lit"],
      [vars.length ? 5 : 0, "var"],
      [catches.length ? 2 : 0, "errmsg"],
    ]);
    switch (choice) {
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
    if (this.f.iterators && this.rng.chance(0.4)) return { k: "iter", tag: this.fresh("it"), n: this.rng.int(3) };
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
    const closures = visible.filter(([, v]) => v.kind === "closure").map(([n]) => n);
    const fns = visible.filter(([, v]) => v.kind === "fns").map(([n]) => n);
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
      [0.4, "logpush"],
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
      default:
        return { k: "logpush", e: sub() };
    }
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

  /** A fresh user-visible name this scope may declare now, or undefined. */
  declarable(scope: Scope): string | undefined {
    const ok = USER_NAMES.filter((n) => scope.canDeclare(n));
    if (!ok.length) return undefined;
    // prefer shadowing names that are visible from outside
    const shadowing = ok.filter((n) => scope.lookup(n));
    return this.rng.chance(0.5) && shadowing.length ? this.rng.pick(shadowing) : this.rng.pick(ok);
  }

  stmts(ctx: Ctx, max: number): Stmt[] {
    const out: Stmt[] = [];
    const n = this.rng.range(1, max);
    for (let i = 0; i < n && this.stmtsLeft > 0; i++) out.push(...this.stmt(ctx));
    return out;
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
      const name = this.declarable(scope);
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
    const def = (): Expr | undefined =>
      r.chance(0.4) ? (yieldOk && r.chance(0.5) ? { k: "yield", arg: this.leaf(ctx) } : this.leaf(ctx)) : undefined;
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
      if (this.f.iterators && r.chance(0.3)) return { k: "iter", tag: this.fresh("it"), n: r.int(4) };
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
    if (this.f.iterators && r.chance(0.35)) return { k: "iter", tag: this.fresh("it"), n: r.int(4) };
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
    const choice = r.weighted<string>([
      [3, "decl"],
      [4, "expr"],
      [1.5, "yield"],
      [deep ? 0 : 2, "if"],
      [deep ? 0 : 0.7, "block"],
      [loopOk ? 0.8 : 0, "while"],
      [loopOk ? 0.5 : 0, "dowhile"],
      [loopOk ? 1 : 0, "for"],
      [loopOk ? 0.8 : 0, "forof"],
      [loopOk ? 0.5 : 0, "forin"],
      [deep ? 0 : 0.8, "switch"],
      [ctx.targets.length ? 1.5 : 0, "jump"],
      [0.5, "return"],
      [0.4, "throw"],
      [this.f.try && !deep ? 2 : 0, "try"],
      [this.f.closures ? 1 : 0, "closure"],
      [fns.length ? (inFor ? 2 : 0.8) : 0, "push"],
      [fns.length ? 0.5 : 0, "callall"],
    ]);
    switch (choice) {
      case "decl": {
        const kind = r.chance(0.7) ? "let" : "const";
        const target = this.binding(ctx, true, true);
        if (!target) return [{ k: "expr", e: this.expr(ctx, 3, true) }];
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
        const label = countYields(e) === 1 && r.chance(0.1) ? this.fresh("L") : undefined;
        return [{ k: "expr", label, e }];
      }
      case "yield": {
        // the classics: a bare yield, `s += yield s`, a yield as a call argument
        const m = this.mutableVars(ctx);
        if (m.length && r.chance(0.5)) {
          const name = r.pick(m);
          ctx.scope.use(name);
          const op = r.pick(["=", "+=", "+=", "-=", "||=", "??="] as const);
          return [{ k: "expr", e: { k: "assign", name, op, r: { k: "yield", arg: { k: "var", name } } } }];
        }
        return [{ k: "expr", e: { k: "yield", arg: this.expr(ctx, 2, true) } }];
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
        const loopCtx: Ctx = { ...ctx, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1 };
        const body = this.stmts(this.child(loopCtx), 4);
        return [{ k: choice, label, counter, n, c, body }];
      }
      case "for": {
        const v = this.fresh("i");
        const n = r.int(4);
        const head = this.child(ctx);
        this.bind(head, v, { mutable: false, kind: "loop" });
        const c = r.chance(0.4) ? this.yexpr(head, 2) : undefined;
        const upd = r.chance(0.3) ? this.expr(head, 2, true) : undefined;
        const label = this.keepLabel(this.label(), [c, upd]);
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1 };
        return [{ k: "for", label, v, n, c, upd, body: this.stmts(this.child(loopCtx), 4) }];
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
        target ??= { k: "id", name: this.fresh("x") };
        const defaults =
          target.k === "arrpat" ? target.elems.map((e) => e.def) : target.k === "objpat" ? target.props.map((p) => p.def) : [];
        const label = this.keepLabel(this.label(), [iter, ...defaults]);
        for (const n of this.bindingNames(target)) this.bind(head, n, { mutable: false, kind: "loop" });
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1 };
        return [
          { k: "forof", label, kind: r.chance(0.5) ? "let" : "const", target, iter, body: this.stmts(this.child(loopCtx), 4) },
        ];
      }
      case "forin": {
        const v = this.fresh("k");
        const obj: Expr = r.chance(0.8) ? this.objLiteral(ctx, 2, true) : { k: "arr", items: this.items(ctx, 2, true, 3) };
        const label = this.keepLabel(this.label(), [obj]);
        const head = this.child(ctx);
        this.bind(head, v, { mutable: false, kind: "loop" });
        const loopCtx: Ctx = { ...head, targets: [...ctx.targets, { kind: "loop", label }], loopDepth: ctx.loopDepth + 1 };
        return [{ k: "forin", label, v, obj, body: this.stmts(this.child(loopCtx), 3) }];
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
    if (this.f.closures) {
      this.bind(ctx, "fns", { mutable: false, kind: "fns" });
      out.push({ k: "decl", kind: "const", target: { k: "id", name: "fns" }, init: { k: "arr", items: [] } });
    }
    while (this.stmtsLeft > 0) out.push(...this.stmt(ctx));
    if (this.f.closures && this.rng.chance(0.7)) out.push({ k: "expr", e: { k: "callall", tag: this.fresh("fs"), name: "fns" } });
    if (this.rng.chance(0.5)) out.push({ k: "return", e: this.expr(ctx, 2, true) });
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
