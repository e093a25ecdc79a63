/**
 * Snapshots of compiled bodies: the compiler's temporaries never block a snapshot of ordinary
 * code (Number(yield_()) and friends continue in another process with the same outputs), values
 * keep their identity, clone() copies a yield_.from in progress, and sites are stable across
 * working directories, checkout locations and comment-only edits (real tspc builds).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load, IMPORTS } from "../support/load";
import { scratch, REPO } from "../integrations/scratch";

function codeOf(fn: () => unknown): { code?: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  return undefined;
}

/** The five call patterns the issue names: each keeps a callee or method in a temporary across the suspension. */
const WIZARD = `
export const wizard = () => coroutine(() => {
  const items: number[] = [];
  const age = Number(yield_<string>("age?"));
  const prefs = JSON.parse(yield_<string>("prefs?"));
  items.push(yield_<number>("item?"));
  const best = Math.max(age, yield_<number>("score?"));
  const name = String(yield_<string>("name?")).trim();
  return { age, prefs, items, best, name };
});
`;
const WIZARD_INPUTS: unknown[] = [undefined, "42", '{"dark":true}', 7, 50, "  Ada  "];

describe("snapshots of compiled bodies", () => {
  const m = load(IMPORTS + WIZARD, { fileName: "wizard.ts" }).exports;

  it("the five call patterns snapshot, round-trip through JSON and restore at every suspension with the uninterrupted outputs", () => {
    const plain = m.wizard();
    const expected = WIZARD_INPUTS.map((i) => plain.resume(i));
    let c = m.wizard();
    const outputs = WIZARD_INPUTS.map((i) => {
      const out = c.resume(i);
      if (!c.done) c = m.wizard().restore(JSON.parse(JSON.stringify(c.snapshot())));
      return out;
    });
    expect(outputs).to.deep.equal(expected);
    expect(expected[expected.length - 1]).to.deep.equal({ age: 42, prefs: { dark: true }, items: [7], best: 50, name: "Ada" });
  });

  it("re-reads those callees rather than storing them: the snapshot holds only the user's locals", () => {
    const c = m.wizard();
    c.resume(undefined);
    c.resume("42");
    expect(Object.keys(c.snapshot().locals).sort()).to.deep.equal(["age", "items"]);
  });

  it("continues in another node process from a snapshot passed as JSON text", function () {
    this.timeout(60000);
    const { output } = load(IMPORTS + WIZARD, { fileName: "wizard.ts" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-snap-"));
    try {
      const runtime = path.join(REPO, "dist/runtime/index.js");
      fs.writeFileSync(path.join(dir, "wizard.js"), output.replace(/require\("stackless"\)/g, JSON.stringify(runtime).replace(/^/, "require(") + ")"));
      const step = (snapshot: string | undefined, input: unknown) => {
        const script = `const { wizard } = require(${JSON.stringify(path.join(dir, "wizard.js"))});
          const c = wizard(); ${snapshot ? `c.restore(JSON.parse(${JSON.stringify(snapshot)}));` : ""}
          const out = c.resume(${JSON.stringify(input)});
          process.stdout.write(JSON.stringify({ out, snap: c.done ? null : JSON.stringify(c.snapshot()) }));`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
        expect(r.stderr).to.equal("");
        return JSON.parse(r.stdout) as { out: unknown; snap: string | null };
      };
      let snap: string | undefined;
      const outputs: unknown[] = [];
      for (const input of WIZARD_INPUTS) {
        const r = step(snap, input);
        outputs.push(r.out);
        snap = r.snap ?? undefined;
      }
      const plain = m.wizard();
      expect(outputs).to.deep.equal(WIZARD_INPUTS.map((i) => plain.resume(i)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the user's expression and its position when a temporary truly cannot be saved", () => {
    const k = load(IMPORTS + `
const pick = () => (s: string) => s.length;
export const make = () => coroutine(() => {
  return pick()(yield_<string>("?"));
});`, { fileName: "form.ts" }).exports;
    const c = k.make();
    c.resume(undefined);
    const e = codeOf(() => c.snapshot());
    expect(e?.code).to.equal("NOT_SERIALIZABLE");
    expect(e?.message).to.match(/the value of `pick\(\)` at form.ts:\d+:10 /);
    expect(e?.message).to.not.match(/'t(_\d+)?'/);
  });

  it("refuses a re-read that would give another value (a captured let reassigned while suspended)", () => {
    const k = load(IMPORTS + `
export let f = (x: string) => x + "!";
export const setF = (g: (x: string) => string) => { f = g; };
export const make = () => coroutine(() => f(yield_<string>("?")));`, { fileName: "relet.ts" }).exports;
    const c = k.make();
    c.resume(undefined);
    expect(Object.keys(c.snapshot().locals)).to.deep.equal([]);
    k.setF((x: string) => x);
    expect(codeOf(() => c.snapshot())?.message).to.contain("no longer reads");
    expect(c.resume("a")).to.equal("a!"); // the call uses the callee read before the suspension
  });

  it("keeps aliasing: `const b = a; yield_(0); a.push(1); return b.length` is 1 after a JSON round trip", () => {
    const k = load(IMPORTS + `export const make = () => coroutine(() => { const a: number[] = []; const b = a; yield_(0); a.push(1); return b.length; });`).exports;
    const c = k.make();
    c.resume(undefined);
    const r = k.make().restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(r.resume(undefined)).to.equal(1);
  });

  it("keeps one object held twice in an array, and -0", () => {
    const k = load(IMPORTS + `export const make = () => coroutine(() => { const o = { n: 1 }; const pair = [o, o]; const z = -0; yield_(0); pair[0].n = 2; return [pair[1].n, Object.is(z, -0)]; });`).exports;
    const c = k.make();
    c.resume(undefined);
    expect(k.make().restore(JSON.parse(JSON.stringify(c.snapshot()))).resume(undefined)).to.deep.equal([2, true]);
  });

  describe("clone() during yield_.from", () => {
    const g = load(IMPORTS + `
export const inner = () => generator(() => { yield_(1); yield_(2); yield_(3); return "in"; });
export const outer = (it: Iterable<number>) => generator(() => { const r = yield_.from(it as any); yield_(9); return r; });`, { fileName: "deleg.ts" }).exports;

    it("clones the delegated stackless instance: the clone and the original advance independently", () => {
      const o = g.outer(g.inner());
      expect(o.next().value).to.equal(1);
      const c = o.clone();
      expect(c.next().value).to.equal(2);
      expect(o.next().value).to.equal(2);
      expect([...c]).to.deep.equal([3, 9]);
      expect([...o]).to.deep.equal([3, 9]);
    });

    it("refuses a foreign iterator with NOT_CLONEABLE naming the delegation, for clone() and snapshot()", () => {
      const o = g.outer([1, 2, 3]);
      o.next();
      for (const f of [() => o.clone(), () => o.snapshot()]) {
        const e = codeOf(f);
        expect(e?.code).to.equal("NOT_CLONEABLE");
        expect(e?.message).to.match(/`yield_.from\(it as any\)` at deleg.ts:\d+:\d+/);
      }
      expect(o.next().value).to.equal(2); // refused: the instance runs on
    });

    it("after the delegation ended, clone and snapshot work again", () => {
      const o = g.outer([1]);
      o.next();
      o.next();
      expect(o.state).to.equal("Yield2");
      expect(o.clone().next()).to.deep.equal({ value: undefined, done: true });
      expect(g.outer([1]).restore(JSON.parse(JSON.stringify(o.snapshot()))).state).to.equal("Yield2");
    });
  });
});

describe("clone() inside a for…of, an array pattern or a for…in", () => {
  const g = load(IMPORTS + `
export const nums = () => generator(() => { yield_(1); yield_(2); yield_(3); });
export const firstMissing = () => generator(() => { yield_(undefined); yield_(2); yield_(3); });
export const sum = (xs: Iterable<number>) => generator(() => { let s = 0; for (const x of xs) s += yield_<number>(x); yield_(-1); return s; });
export const pattern = (xs: Iterable<number>) => generator(() => { const [a = yield_<number>(0), b] = xs; return [a, b]; });
`, { fileName: "loop.ts" }).exports;

  it("refuses an iterator over data (array, string, Map, Set, a hand-written one) with NOT_CLONEABLE naming the loop, and the instance runs on", () => {
    const handWritten = (): Iterable<number> => {
      let i = 0;
      return { [Symbol.iterator]: () => ({ next: () => (i < 2 ? { value: ++i, done: false } : { value: undefined, done: true }) }) };
    };
    for (const xs of [[1, 2, 3], "12", new Map([[1, 1], [2, 2]]).keys(), new Set([1, 2]), handWritten()]) {
      const c = g.sum(xs);
      c.next();
      const e = codeOf(() => c.clone());
      expect(e?.code).to.equal("NOT_CLONEABLE");
      expect(e?.message).to.match(/the iterator of `xs` at loop.ts:\d+:\d+ \(a for…of loop/);
      expect(c.next(10).done).to.equal(false);
    }
    const p = g.pattern([undefined, 2]);
    p.next();
    expect(codeOf(() => p.clone())?.code).to.equal("NOT_CLONEABLE");
    expect(p.next(1)).to.deep.equal({ value: [1, 2], done: true });
  });

  it("clones an iterator that is a stackless generator: the copy and the original advance independently", () => {
    const a = g.sum(g.nums());
    a.next();
    a.next(10);
    const b = a.clone();
    expect([b.next(100), b.next(1000), b.next()].map((r) => r.value)).to.deep.equal([3, -1, 1110]);
    expect([a.next(1), a.next(2), a.next()].map((r) => r.value)).to.deep.equal([3, -1, 13]);
    // the same for an array pattern's walk: each copy reads its own next element
    const p = g.pattern(g.firstMissing());
    expect(p.next()).to.deep.equal({ value: 0, done: false });
    const q = p.clone();
    expect(q.next(7)).to.deep.equal({ value: [7, 2], done: true });
    expect(p.next(8)).to.deep.equal({ value: [8, 2], done: true });
  });

  it("copies a for…in walk: the copy and the original each visit the remaining keys", () => {
    const k = load(IMPORTS + `export const keys = (o: object) => generator(() => { let seen = ""; for (const k in o) seen += k + yield_<string>(k); return seen; });`, { fileName: "in.ts" }).exports;
    const a = k.keys({ x: 1, y: 2, z: 3 });
    expect(a.next().value).to.equal("x");
    const b = a.clone();
    expect([b.next("1"), b.next("2"), b.next("3")].map((r) => r.value)).to.deep.equal(["y", "z", "x1y2z3"]);
    expect([a.next("4"), a.next("5"), a.next("6")].map((r) => r.value)).to.deep.equal(["y", "z", "x4y5z6"]);
  });

  it("clones once the loop is over (its iterator closed and dropped)", () => {
    const a = g.sum([1]);
    a.next();
    expect(a.next(5).value).to.equal(-1);
    expect(a.clone().next()).to.deep.equal({ value: 5, done: true });
  });
});

describe("snapshot() during yield_.from of a stackless instance", () => {
  const g = load(IMPORTS + `
export const inner = (k: number) => generator(() => { let s = 0; for (let i = 0; i < 3; i++) s += yield_<number>(k + i); return s; });
export const viaCapture = (it: Iterable<number>) => generator(() => { const r = yield_.from(it as any); yield_(9); return r; });
export const viaCall = (base: number) => generator(() => { const n = base * 10; const r = yield_.from(inner(n + 1)); yield_(n); return r; });
export const lostArgument = (base: number) => generator(() => { let n = base * 10; const r = yield_.from(inner(n)); yield_(1); return r; });
export const inline = () => generator(() => yield_.from(generator(() => { yield_(1); })));
export const down = (n: number): Generator<number, number, number> => generator(() => {
  const k = n;
  if (k > 0) { const r: number = yield_.from(down(k - 1)); return r + k; }
  return yield_<number>(0);
}) as any;
`, { fileName: "nest.ts" }).exports;

  /** Drive `make()` with `inputs`, replacing the instance by a JSON round trip of its snapshot at every suspension. */
  function throughSnapshots(make: () => any, inputs: unknown[]): unknown[] {
    let c = make();
    return inputs.map((x) => {
      const out = c.next(x);
      if (!c.done) c = make().restore(JSON.parse(JSON.stringify(c.snapshot())));
      return out;
    });
  }

  it("nests the delegate's own snapshot (its site, version, state and locals) and continues with the uninterrupted outputs", () => {
    for (const make of [() => g.viaCapture(g.inner(1)), () => g.viaCall(2)]) {
      const inputs = [undefined, 5, 6, 7, 8];
      const plain = make();
      expect(throughSnapshots(make, inputs)).to.deep.equal(inputs.map((x) => plain.next(x)));
    }
    const c = g.viaCall(2);
    c.next();
    c.next(5);
    const snap = JSON.parse(JSON.stringify(c.snapshot()));
    expect(Object.keys(snap)).to.deep.equal(["format", "site", "version", "state", "locals", "delegate"]);
    expect(snap.locals).to.deep.equal({ n: 20 });
    expect(snap.delegate).to.deep.include({ format: 1, site: "nest.ts#InnerGenerator", state: "Yield1", locals: { s: 5, i: 1 } });
  });

  it("nests recursively: a delegation 1000 levels deep restores, one deeper is refused with NOT_SERIALIZABLE, never a RangeError", () => {
    for (const depth of [3, 1000]) {
      const d = g.down(depth);
      d.next();
      const r = g.down(depth).restore(JSON.parse(JSON.stringify(d.snapshot())));
      expect(r.next(5)).to.deep.equal({ value: 5 + (depth * (depth + 1)) / 2, done: true });
    }
    const d = g.down(1001);
    d.next();
    expect(codeOf(() => d.snapshot())?.code).to.equal("NOT_SERIALIZABLE");
  });

  it("refuses, naming the yield_.from, a delegate restore() could not make again (an argument not saved, an inline body)", () => {
    for (const c of [g.lostArgument(1), g.inline()]) {
      c.next();
      const e = codeOf(() => c.snapshot());
      expect(e?.code).to.equal("NOT_SERIALIZABLE");
      expect(e?.message).to.match(/`yield_.from\(.*\)` at nest.ts:\d+:\d+/);
    }
  });

  it("snapshotSchema accepts the nested snapshot at the delegating state, and a delegate key nowhere else", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv2020 = require("ajv/dist/2020").default as new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv2020({ strict: false }).compile(g.viaCall(2).constructor.snapshotSchema);
    const c = g.viaCall(2);
    c.next();
    const delegating = JSON.parse(JSON.stringify(c.snapshot()));
    expect(validate(delegating), JSON.stringify(validate.errors)).to.equal(true);
    for (let i = 0; i < 3; i++) c.next(1);
    const after = JSON.parse(JSON.stringify(c.snapshot()));
    expect(after.state).to.equal("Yield2");
    expect(validate(after), JSON.stringify(validate.errors)).to.equal(true);
    expect(validate({ ...after, delegate: delegating.delegate })).to.equal(false);
    const { delegate: _, ...without } = delegating;
    expect(validate(without)).to.equal(false);
    expect(validate({ ...delegating, delegate: { ...delegating.delegate, extra: 1 } })).to.equal(false);
  });

  describe("restore() validates the nested snapshot too, all or nothing", () => {
    const good = () => {
      const c = g.viaCall(2);
      c.next();
      c.next(5);
      return JSON.parse(JSON.stringify(c.snapshot()));
    };
    const hostile: [string, (s: any) => unknown][] = [
      ["no delegate", (s) => { delete s.delegate; return s; }],
      ["the delegate null", (s) => ({ ...s, delegate: null })],
      ["the delegate an array", (s) => ({ ...s, delegate: [] })],
      ["the delegate's site another", (s) => ({ ...s, delegate: { ...s.delegate, site: "nest.ts#Elsewhere" } })],
      ["the delegate's version another", (s) => ({ ...s, delegate: { ...s.delegate, version: "00000000" } })],
      ["the delegate's state unknown", (s) => ({ ...s, delegate: { ...s.delegate, state: "Nope" } })],
      ["the delegate's state Running", (s) => ({ ...s, delegate: { ...s.delegate, state: "Running" } })],
      ["the delegate's locals missing one", (s) => ({ ...s, delegate: { ...s.delegate, locals: { s: 5 } } })],
      ["the delegate's locals with __proto__", (s) => JSON.parse(JSON.stringify(s).replace('"locals":{"s"', '"locals":{"__proto__":{"polluted":1},"s"'))],
      ["the delegate with an extra key", (s) => ({ ...s, delegate: { ...s.delegate, extra: 1 } })],
      ["the delegate with its own delegate where it does not delegate", (s) => ({ ...s, delegate: { ...s.delegate, delegate: s.delegate } })],
      ["the delegate a snapshot of another class relabelled with its site", (s) => ({ ...s, delegate: { ...s, delegate: undefined, site: s.delegate.site } })],
      ["a delegate at a state that does not delegate", (s) => ({ ...s, state: "Yield2", locals: { n: 20, r: 1 } , delegate: s.delegate })],
      ["the delegate's value encoding broken", (s) => ({ ...s, delegate: { ...s.delegate, locals: { s: { $ref: 7 }, i: 1 } } })],
      ["a 20,000-deep chain of delegates", (s) => {
        let cur = s.delegate;
        for (let i = 0; i < 20000; i++) cur = cur.delegate = { ...s.delegate };
        return s;
      }],
    ];
    for (const [what, spoil] of hostile) {
      it(`refuses ${what} with SNAPSHOT_MISMATCH and leaves the instance fresh and usable`, () => {
        const fresh = g.viaCall(2);
        expect(codeOf(() => fresh.restore(spoil(good())))?.code).to.equal("SNAPSHOT_MISMATCH");
        expect(({} as { polluted?: number }).polluted).to.equal(undefined);
        expect(fresh.state).to.equal("Start");
        expect(fresh.next()).to.deep.equal({ value: 21, done: false });
        // and a good snapshot still loads into it afterwards
        const again = g.viaCall(2);
        codeOf(() => again.restore(spoil(good())));
        expect(again.restore(good()).next(6)).to.deep.equal({ value: 23, done: false });
      });
    }
  });
});

describe("stable site identity (real tspc builds)", function () {
  this.timeout(240000);
  const tspc = path.join(REPO, "node_modules/ts-patch/bin/tspc.js");
  const tsconfig = JSON.stringify({
    compilerOptions: { target: "ES2022", module: "commonjs", strict: true, outDir: "out", rootDir: ".", skipLibCheck: true, plugins: [{ transform: "stackless/transformer" }] },
    include: ["src"],
  });
  const source = `import { coroutine, yield_ } from "stackless";
export const wizard = () => coroutine(() => {
  const age = Number(yield_<string>("age?"));
  const name = yield_<string>("name?");
  return name + " " + age;
});
`;
  const commented = `import { coroutine, yield_ } from "stackless";
// A comment-only edit: comments and formatting change, the shape does not.
export const wizard = () =>
  coroutine(() => {
    /* ask the age first */
    const age = Number(
      yield_<string>("age?"),
    );
    const name = yield_<string>("name?"); // then the name
    return name + " " + age;
  });
`;
  const build = (project: string, cwd: string, outDir: string) => {
    const r = spawnSync(process.execPath, [tspc, "-p", project, "--outDir", outDir, "--pretty", "false"], { cwd, encoding: "utf8" });
    expect(r.stdout + r.stderr, "tspc output").to.equal("");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(outDir, "src/wizard.js")) as { wizard: () => any };
  };

  it("gives the same site and version from two working directories and two checkout locations, and snapshots restore across the builds", () => {
    const a = scratch("site-a", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    const b = scratch("site-b", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    try {
      const fromInside = build(".", a, path.join(a, "out1"));
      const fromOutside = build(path.join(a, "tsconfig.json"), os.tmpdir(), path.join(a, "out2"));
      const elsewhere = build(".", b, path.join(b, "out"));
      const c = fromInside.wizard();
      c.resume(undefined);
      const snap = JSON.parse(JSON.stringify(c.snapshot()));
      expect(snap.site).to.equal("src/wizard.ts#WizardCoroutine");
      for (const other of [fromOutside, elsewhere]) {
        const r = other.wizard().restore(snap);
        expect(r.resume("42")).to.equal("name?");
        expect(r.resume("Ada")).to.equal("Ada 42");
      }
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  it("restores an old snapshot after an edit that changes only comments and formatting", () => {
    const a = scratch("site-edit", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    try {
      const before = build(".", a, path.join(a, "out1"));
      const c = before.wizard();
      c.resume(undefined);
      c.resume("42");
      const snap = JSON.parse(JSON.stringify(c.snapshot()));
      fs.writeFileSync(path.join(a, "src/wizard.ts"), commented);
      const after = build(".", a, path.join(a, "out2"));
      const r = after.wizard().restore(snap);
      expect(r.resume("Ada")).to.equal("Ada 42");
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
    }
  });
});
