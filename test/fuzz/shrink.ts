/**
 * Greedy test-case reduction. Candidates are smaller variants of the program (shorter drives,
 * deleted statements, compound statements replaced by their bodies, expressions replaced by a
 * child or a literal, loop bounds lowered, …); a candidate is taken when it is well formed
 * (see validate in ./ast), strictly smaller, and still fails the same way. Repeat until no
 * candidate is taken or the run budget is spent.
 */
import type { Binding, ClassDef, Drive, Expr, Item, Program, Prop, Stmt } from "./ast";
import { classExprs, exprChildren, programSize, validate } from "./ast";

// ---------------------------------------------------------------------------------------------
// Rebuilding nodes with replaced children

/** A class with its expressions (in classExprs order) passed through f. */
function mapClass(cls: ClassDef, f: (x: Expr) => Expr): ClassDef {
  const ext = cls.ext ? { ...cls.ext, e: cls.ext.e ? f(cls.ext.e) : undefined } : undefined;
  const key = cls.key ? f(cls.key) : undefined;
  const st = f(cls.s);
  const v = f(cls.v);
  return { ...cls, ext, key, s: st, v, m: f(cls.m) };
}

/** `e` with its i-th child (in exprChildren order) replaced by `c`. */
function withExprChild(e: Expr, i: number, c: Expr): Expr {
  let j = 0;
  const f = (x: Expr): Expr => (j++ === i ? c : x);
  const fi = (x: Item): Item => (x.k === "spread" ? { k: "spread", e: f(x.e) } : f(x));
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
      return e;
    case "yield":
      return e.arg ? { ...e, arg: f(e.arg) } : e;
    case "deleg":
      return { ...e, src: f(e.src) };
    case "dsp":
      return e.e ? { ...e, e: f(e.e) } : e;
    case "fcall":
      return { ...e, arg: f(e.arg) };
    case "classexpr":
      return { ...e, cls: mapClass(e.cls, f) };
    case "new": {
      const cls = typeof e.cls === "string" ? e.cls : mapClass(e.cls, f);
      return { ...e, cls, arg: f(e.arg) };
    }
    case "bin":
    case "logic":
    case "comma": {
      const l = f(e.l);
      const r = f(e.r);
      return { ...e, l, r } as Expr;
    }
    case "cond": {
      const cc = f(e.c);
      const t = f(e.t);
      return { ...e, c: cc, t, f: f(e.f) };
    }
    case "assign":
      return { ...e, r: f(e.r) };
    case "unary":
      return { ...e, e: f(e.e) };
    case "call":
      return { ...e, args: e.args.map(fi) };
    case "optcall": {
      const cc = f(e.c);
      return { ...e, c: cc, args: e.args.map(fi) };
    }
    case "arr":
      return { ...e, items: e.items.map(fi) };
    case "obj":
      return {
        ...e,
        props: e.props.map((p): Prop => {
          if (p.k === "computed") {
            const key = f(p.key);
            return { ...p, key, e: f(p.e) };
          }
          return p.k === "spread" ? { k: "spread", e: f(p.e) } : { ...p, e: f(p.e) };
        }),
      };
    case "tmpl":
      return { ...e, exprs: e.exprs.map(f) };
    case "opt": {
      const obj = f(e.obj);
      return typeof e.key === "string" ? { ...e, obj } : { ...e, obj, key: f(e.key) };
    }
    case "index": {
      const arr = f(e.arr);
      return { ...e, arr, key: f(e.key) };
    }
    case "arrow":
      return { ...e, body: f(e.body) };
    case "push":
    case "logpush":
      return { ...e, e: f(e.e) };
  }
}

/** Structural simplifications of an expression, other than replacing children. */
function* localExprVariants(e: Expr): Generator<Expr> {
  switch (e.k) {
    case "yield":
      if (e.arg) yield { k: "yield" };
      break;
    case "call":
    case "optcall":
    case "arr":
      for (let i = 0; i < (e.k === "arr" ? e.items : e.args).length; i++) {
        if (e.k === "arr") yield { ...e, items: e.items.filter((_, j) => j !== i) };
        else yield { ...e, args: e.args.filter((_, j) => j !== i) } as Expr;
      }
      break;
    case "obj":
      for (let i = 0; i < e.props.length; i++) yield { ...e, props: e.props.filter((_, j) => j !== i) };
      break;
    case "tmpl":
      if (e.exprs.length > 1) yield { k: "tmpl", parts: [e.parts[0], e.parts[e.parts.length - 1]], exprs: [e.exprs[0]] };
      break;
    case "iter":
    case "gen":
      if (e.n > 0) yield { ...e, n: e.n - 1 };
      if (e.k === "gen" && e.mode > 0) yield { ...e, mode: 0 };
      break;
    case "deleg":
      // a delegation becomes a plain yield of its source
      yield { k: "yield", arg: e.src };
      break;
    case "dsp":
      if (e.e) yield { ...e, e: undefined };
      if (e.mode) yield { ...e, mode: 0 };
      break;
    case "classexpr":
    case "new": {
      const cls = e.k === "classexpr" ? e.cls : e.cls;
      if (typeof cls !== "string") {
        for (const c of classVariants(cls)) yield e.k === "classexpr" ? { ...e, cls: c } : { ...e, cls: c };
      }
      break;
    }
    case "opt":
      if (typeof e.key !== "string") yield { ...e, key: "p" };
      break;
  }
}

/** Structural simplifications of a class (dropping extends / the computed key). */
function* classVariants(c: ClassDef): Generator<ClassDef> {
  if (c.ext) yield { ...c, ext: undefined };
  if (c.ext?.e) yield { ...c, ext: { base: c.ext.base } };
  if (c.ext && c.ext.base !== "Object") yield { ...c, ext: { ...c.ext, base: "Object" } };
  if (c.key) yield { ...c, key: undefined };
}

/** Variants of an expression, roughly biggest reduction first. */
export function* exprVariants(e: Expr): Generator<Expr> {
  const kids = exprChildren(e);
  // the arrow of a closure must stay an arrow (a closure const is called, not read), and so must
  // a class (it is constructed, never read)
  const keep = e.k === "arrow" || e.k === "push" || e.k === "classexpr";
  if (!keep && e.k !== "num") {
    if (kids.length || e.k !== "lit") yield { k: "num", v: 0 };
  }
  if (!keep) {
    for (const c of kids) if (c.k !== "arrow" && c.k !== "classexpr") yield c;
  }
  yield* localExprVariants(e);
  for (let i = 0; i < kids.length; i++) {
    for (const v of exprVariants(kids[i])) yield withExprChild(e, i, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements

function bindingVariants(b: Binding): Binding[] {
  const out: Binding[] = [];
  if (b.k === "arrpat") {
    if (b.rest) out.push({ ...b, rest: undefined });
    b.elems.forEach((el, i) => {
      if (b.elems.length > 1) out.push({ ...b, elems: b.elems.filter((_, j) => j !== i) });
      if (el.def) out.push({ ...b, elems: b.elems.map((x, j) => (j === i ? { name: x.name } : x)) });
    });
  } else if (b.k === "objpat") {
    if (b.rest) out.push({ ...b, rest: undefined });
    b.props.forEach((p, i) => {
      if (b.props.length > 1) out.push({ ...b, props: b.props.filter((_, j) => j !== i) });
      if (p.def) out.push({ ...b, props: b.props.map((x, j) => (j === i ? { key: x.key, name: x.name } : x)) });
    });
  }
  return out;
}

/** Expressions directly in a statement (not in nested statements), with a rebuild function. */
function stmtExprSlots(s: Stmt): [Expr, (e: Expr) => Stmt][] {
  switch (s.k) {
    case "decl":
      return [[s.init, (e) => ({ ...s, init: e })]];
    case "var":
      return s.init ? [[s.init, (e) => ({ ...s, init: e })]] : [];
    case "using":
      return [
        [s.init, (e) => ({ ...s, init: e })],
        ...(s.more ?? []).map((d, i): [Expr, (e: Expr) => Stmt] => [
          d.init,
          (e) => ({ ...s, more: s.more!.map((x, j) => (j === i ? { ...x, init: e } : x)) }),
        ]),
      ];
    case "fdecl":
      return [[s.body, (e) => ({ ...s, body: e })]];
    case "cdecl":
      return classExprs(s.cls).map((x, i): [Expr, (e: Expr) => Stmt] => [
        x,
        (e) => {
          let j = 0;
          return { ...s, cls: mapClass(s.cls, (y) => (j++ === i ? e : y)) };
        },
      ]);
    case "expr":
      return [[s.e, (e) => ({ ...s, e })]];
    case "if":
      return [[s.c, (e) => ({ ...s, c: e })]];
    case "while":
    case "dowhile":
      return s.c ? [[s.c, (e) => ({ ...s, c: e })]] : [];
    case "for": {
      const out: [Expr, (e: Expr) => Stmt][] = [];
      if (s.c) out.push([s.c, (e) => ({ ...s, c: e })]);
      if (s.upd) out.push([s.upd, (e) => ({ ...s, upd: e })]);
      return out;
    }
    case "forof":
      return [[s.iter, (e) => ({ ...s, iter: e })]];
    case "forin":
      return [[s.obj, (e) => ({ ...s, obj: e })]];
    case "switch":
      return [
        [s.d, (e) => ({ ...s, d: e })],
        ...s.cases.flatMap((c, i): [Expr, (e: Expr) => Stmt][] =>
          c.test ? [[c.test, (e) => ({ ...s, cases: s.cases.map((x, j) => (j === i ? { ...x, test: e } : x)) })]] : [],
        ),
      ];
    case "return":
    case "throw":
      return s.e ? [[s.e, (e) => ({ ...s, e })]] : [];
    default:
      return [];
  }
}

/** Statement lists directly inside a statement, with a rebuild function. */
function stmtListSlots(s: Stmt): [Stmt[], (l: Stmt[]) => Stmt][] {
  switch (s.k) {
    case "if": {
      const out: [Stmt[], (l: Stmt[]) => Stmt][] = [[s.then, (l) => ({ ...s, then: l })]];
      if (s.else) out.push([s.else, (l) => ({ ...s, else: l })]);
      return out;
    }
    case "block":
    case "while":
    case "dowhile":
    case "for":
    case "forof":
    case "forin":
      return [[s.body, (l) => ({ ...s, body: l }) as Stmt]];
    case "switch":
      return s.cases.map((c, i): [Stmt[], (l: Stmt[]) => Stmt] => [
        c.body,
        (l) => ({ ...s, cases: s.cases.map((x, j) => (j === i ? { ...x, body: l } : x)) }),
      ]);
    case "try": {
      const out: [Stmt[], (l: Stmt[]) => Stmt][] = [[s.body, (l) => ({ ...s, body: l })]];
      const cat = s.catch;
      if (cat) out.push([cat.body, (l) => ({ ...s, catch: { ...cat, body: l } })]);
      if (s.fin) out.push([s.fin, (l) => ({ ...s, fin: l })]);
      return out;
    }
    default:
      return [];
  }
}

/** Replacements (each a statement list) for one statement. */
function* stmtVariants(s: Stmt): Generator<Stmt[]> {
  // replace a compound statement by one of its bodies
  for (const [l] of stmtListSlots(s)) yield l;
  if (s.k === "try" && s.fin) yield [...s.body, ...s.fin];
  // local simplifications
  switch (s.k) {
    case "if":
      if (s.else) yield [{ ...s, else: undefined }];
      break;
    case "block":
    case "expr":
      if (s.label) yield [{ ...s, label: undefined }];
      break;
    case "while":
    case "dowhile":
    case "for":
      if (s.label) yield [{ ...s, label: undefined }];
      if (s.n > 1) yield [{ ...s, n: 1 }];
      if (s.n > 0) yield [{ ...s, n: s.n - 1 }];
      if (s.c) yield [{ ...s, c: undefined }];
      if (s.k === "for" && s.upd) yield [{ ...s, upd: undefined }];
      break;
    case "forof":
    case "forin":
      if (s.label) yield [{ ...s, label: undefined }];
      if (s.k === "forof") for (const b of bindingVariants(s.target)) yield [{ ...s, target: b }];
      break;
    case "switch":
      if (s.label) yield [{ ...s, label: undefined }];
      for (let i = 0; i < s.cases.length; i++) {
        if (s.cases.length > 1) yield [{ ...s, cases: s.cases.filter((_, j) => j !== i) }];
      }
      break;
    case "var":
      if (s.init) {
        yield [{ ...s, init: undefined }];
        yield [{ k: "expr", e: s.init }];
      }
      break;
    case "using":
      if (s.more?.length) {
        yield [{ ...s, more: undefined }];
        yield [{ k: "using", name: s.name, init: s.init }, { k: "using", ...s.more[0] }];
      } else {
        yield [{ k: "decl", kind: "const", target: { k: "id", name: s.name }, init: s.init }];
      }
      if (s.init.k !== "lit") yield [{ ...s, init: { k: "lit", v: "null" } }];
      break;
    case "cdecl":
      for (const c of classVariants(s.cls)) yield [{ ...s, cls: c }];
      break;
    case "decl":
      // `const fns = []` stays as it is: the closures are pushed to it
      if (s.target.k === "id" && s.target.name === "fns") return;
      if (s.kind === "const" && s.init.k !== "arrow") yield [{ ...s, kind: "let" }];
      for (const b of bindingVariants(s.target)) yield [{ ...s, target: b }];
      break;
    case "return":
      if (s.e) yield [{ k: "return" }];
      break;
    case "throw":
      if (s.e) yield [{ ...s, e: undefined }];
      if (s.raw) yield [{ ...s, raw: undefined }];
      break;
    case "try":
      if (s.catch && s.fin) {
        yield [{ ...s, catch: undefined }];
        yield [{ ...s, fin: undefined }];
      }
      if (s.catch?.param) yield [{ ...s, catch: { body: s.catch.body } }];
      break;
  }
  for (const [e, rebuild] of stmtExprSlots(s)) for (const v of exprVariants(e)) yield [rebuild(v)];
  for (const [l, rebuild] of stmtListSlots(s)) for (const v of listVariants(l)) yield [rebuild(v)];
}

/** Variants of a statement list: chunk deletions first, then per-statement variants. */
export function* listVariants(list: Stmt[]): Generator<Stmt[]> {
  const n = list.length;
  for (let size = n; size >= 1; size = Math.floor(size / 2)) {
    for (let start = 0; start + size <= n; start += size) yield [...list.slice(0, start), ...list.slice(start + size)];
    if (size === 1) break;
  }
  for (let i = 0; i < n; i++) {
    for (const rep of stmtVariants(list[i])) yield [...list.slice(0, i), ...rep, ...list.slice(i + 1)];
  }
}

function* driveVariants(d: Drive): Generator<Drive> {
  const { ops, post, clone } = d;
  // (a clone point past the remaining ops is dropped by the validator)
  const cl = (ops2: Drive["ops"]): Pick<Drive, "clone"> => (clone && clone.at <= ops2.length ? { clone } : clone ? { clone: { ...clone, at: ops2.length } } : {});
  if (clone) {
    yield { ops, post };
    if (clone.at > 0) yield { ops: ops.slice(1), post, clone: { ...clone, at: clone.at - 1 } };
    if (clone.order !== "alt") yield { ops, post, clone: { ...clone, order: "alt" } };
  }
  for (let keep = 0; keep < ops.length; keep = keep ? keep * 2 : 1) yield { ops: ops.slice(0, keep), post, ...cl(ops.slice(0, keep)) };
  for (let keep = ops.length - 1; keep >= Math.max(0, ops.length - 8); keep--) yield { ops: ops.slice(0, keep), post, ...cl(ops.slice(0, keep)) };
  for (let i = 0; i < post.length; i++) yield { ops, post: post.filter((_, j) => j !== i), ...cl(ops) };
  for (let i = 0; i < ops.length; i++) {
    const fewer = ops.filter((_, j) => j !== i);
    yield { ops: fewer, post, ...(clone ? { clone: { ...clone, at: i < clone.at ? clone.at - 1 : clone.at } } : {}) };
    const o = ops[i];
    if (o.op !== "next") yield { ops: ops.map((x, j) => (j === i ? { op: "next", arg: { t: "undef" } } : x)), post, ...cl(ops) };
    if (o.arg.t !== "undef" && o.op !== "throw") yield { ops: ops.map((x, j) => (j === i ? { ...x, arg: { t: "undef" } } : x)), post, ...cl(ops) };
  }
}

export function* programVariants(p: Program): Generator<Program> {
  for (const drive of driveVariants(p.drive)) yield { ...p, drive };
  for (const body of listVariants(p.body)) yield { ...p, body };
}

export interface ShrinkOptions {
  /** Give up after this many runs of `fails` (default 4000). */
  maxRuns?: number;
  /** Called after each accepted reduction. */
  onProgress?: (p: Program, runs: number) => void;
}

export interface ShrinkResult {
  program: Program;
  runs: number;
  steps: number;
}

/**
 * Reduce `p` while `fails` holds. `fails` must be deterministic; it is only called on well-formed,
 * strictly smaller candidates.
 */
export function shrink(p: Program, fails: (q: Program) => boolean, opts: ShrinkOptions = {}): ShrinkResult {
  const maxRuns = opts.maxRuns ?? 4000;
  let current = p;
  let size = programSize(p);
  let runs = 0;
  let steps = 0;
  const tried = new Set<string>();
  let improved = true;
  while (improved && runs < maxRuns) {
    improved = false;
    for (const cand of programVariants(current)) {
      const s = programSize(cand);
      if (s >= size) continue;
      const key = JSON.stringify([cand.body, cand.drive]);
      if (tried.has(key)) continue;
      tried.add(key);
      if (validate(cand) !== null) continue;
      runs++;
      if (fails(cand)) {
        current = cand;
        size = s;
        steps++;
        improved = true;
        opts.onProgress?.(current, runs);
        break;
      }
      if (runs >= maxRuns) break;
    }
  }
  return { program: current, runs, steps };
}
