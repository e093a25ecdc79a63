/**
 * The differential fuzzer as a mocha suite: the harness's own checks (determinism, well-formed
 * programs, function* agreeing with itself, the oracle catching deliberate bugs, shrinking), then
 * the real thing: the stackless transformer against function* on a fixed budget.
 *
 * Raise the budget here as the transformer gains features (or per run with the environment:
 * STACKLESS_FUZZ_COUNT, STACKLESS_FUZZ_SEED, STACKLESS_FUZZ_FEATURES=base,try,closures,drive).
 */
import { expect } from "chai";
import type { Expr, Program } from "./ast";
import { ALL_FEATURES, countStmts, parseFeatures, renderBody, renderModule, stateNames, validate } from "./ast";
import { generateProgram, Rng } from "./generate";
import type { Impl } from "./oracle";
import { check, laxNativeImpl, nativeImpl, transformerUnavailable, typescriptImpl } from "./oracle";
import { formatFailure } from "./report";
import { fuzz, implByName, MUTANT_FEATURES, MUTATIONS } from "./run";

/** The budget of the transformer test. */
export const BUDGET = {
  count: Number(process.env.STACKLESS_FUZZ_COUNT ?? 5000),
  seed: Number(process.env.STACKLESS_FUZZ_SEED ?? 20250101),
  features: process.env.STACKLESS_FUZZ_FEATURES ?? "all",
};

const EVERYTHING = ALL_FEATURES.join(",");

function firstFailureReport(r: ReturnType<typeof fuzz>, name: string): string {
  const f = r.failures[0];
  if (!f) return "";
  return `seed ${f.original.seed}: ${f.verdict.message}\n` + formatFailure(f.program, f.shrunk.ok ? f.verdict : f.shrunk, name);
}

describe("fuzz: harness", function () {
  this.timeout(120_000);

  it("the PRNG is deterministic and roughly uniform", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).to.deep.equal(xs);
    const buckets = [0, 0, 0, 0];
    for (const x of xs) buckets[Math.floor(x * 4)]++;
    for (const n of buckets) expect(n).to.be.within(180, 320);
  });

  it("the generator is deterministic per seed", () => {
    for (const features of ["base", EVERYTHING]) {
      for (let seed = 0; seed < 50; seed++) {
        const p = generateProgram(seed, features);
        const q = generateProgram(seed, features);
        expect(q).to.deep.equal(p);
        expect(renderModule(q, "stackless")).to.equal(renderModule(p, "stackless"));
        expect(renderModule(q, "native")).to.equal(renderModule(p, "native"));
      }
    }
    const texts = new Set(Array.from({ length: 50 }, (_, s) => renderModule(generateProgram(s, "base"), "stackless")));
    expect(texts.size).to.equal(50);
  });

  it("the two renderings differ only in yield ↔ yield_ and yield* ↔ yield_.from", () => {
    for (let seed = 0; seed < 100; seed++) {
      const p = generateProgram(seed, EVERYTHING);
      const native = renderModule(p, "native", undefined, { nativeUsing: true });
      const stackless = renderModule(p, "stackless");
      expect(stackless).to.contain('from "stackless"');
      expect(native).not.to.contain("yield_");
      if (stackless.includes("yield_(")) expect(native).to.match(/\(yield\b/);
      // line by line, the bodies match once yields are erased
      const erase = (s: string): string =>
        s.replace(/\(yield\*/g, "yield_.from(").replace(/\(yield\b/g, "yield_(").replace(/yield_\(\)/g, "yield_(");
      const nb = renderBody(p, "native", undefined, "    ", { nativeUsing: true }).split("\n");
      const sb = renderBody(p, "stackless").split("\n");
      expect(nb.length).to.equal(sb.length);
      nb.forEach((line, i) => expect(erase(line).replace(/[() ]/g, "")).to.equal(erase(sb[i]).replace(/[() ]/g, "")));
    }
  });

  it("generated programs are well formed and stay within their feature set", () => {
    for (const features of ["base", "base,try", "base,closures", EVERYTHING]) {
      const f = parseFeatures(features);
      for (let seed = 0; seed < 300; seed++) {
        const p = generateProgram(seed, f);
        expect(validate(p), `seed ${seed} (${features})`).to.equal(null);
        const text = renderBody(p, "stackless");
        if (!f.try) expect(text).not.to.match(/\btry\b/);
        if (!f.closures) expect(text).not.to.contain("=>");
        if (!f.drive) expect(p.drive.ops.every((o) => o.op === "next")).to.equal(true);
        if (!f.vars) expect(text).not.to.match(/\b(var|function|class) /);
        if (!f.using) expect(text).not.to.match(/\busing /);
        if (!f.delegate) expect(text).not.to.contain("yield_.from");
        if (!f.clone) expect(p.drive.clone).to.equal(undefined);
        if (p.drive.clone) {
          // nothing whose state a shallow clone would share with the original
          // (a method's `(() => this.v)()` captures nothing of the body)
          expect(text, `seed ${seed}`).not.to.match(/=>(?! this\.v\))|yield_\.from|\bit\(|\bgn\(|log\.push|\bfor \((let|const|var) \S+ (of|in) /);
        }
      }
    }
  });

  it("names states as SPEC says (labels, else Yield1, Yield2, … over the unlabelled ones in source order)", () => {
    const y = (arg?: Expr): Expr => ({ k: "yield", arg });
    const p: Program = {
      ...generateProgram(1, "base,labels,delegate"),
      body: [
        // `yield_(yield_(1))`: the outer call starts first
        { k: "expr", e: y(y({ k: "num", v: 1 })) },
        { k: "expr", label: "Add", e: { k: "call", tag: "c", args: [y()] } },
        { k: "dowhile", label: "Again", counter: "w1", n: 1, c: { k: "deleg", src: { k: "arr", items: [] } }, body: [{ k: "expr", e: y() }] },
        { k: "forof", label: "L2", kind: "const", target: { k: "arrpat", elems: [{ name: "a", def: y() }] }, iter: { k: "arr", items: [] }, body: [] },
      ],
    };
    expect(validate(p)).to.equal(null);
    expect(stateNames(p).names).to.deep.equal(["Start", "Yield1", "Yield2", "Add", "Yield3", "Again", "L2", "Done"]);
    expect(renderModule(p, "native", undefined, { probe: true })).to.contain('(yield st("Yield1", (yield st("Yield2", 1))))');
  });

  it("runs `using` in the native form as TypeScript compiles it (Node 20 has no `using`)", () => {
    // { using a = dsp("a", 1), b = dsp("b", 0); yield 1; throw } — b then a disposed, a's error suppressing
    const p: Program = {
      ...generateProgram(1, "base,using"),
      body: [
        {
          k: "try",
          body: [
            { k: "using", name: "u1", init: { k: "dsp", tag: "u1", mode: 1 } },
            { k: "using", name: "u2", init: { k: "dsp", tag: "u2", mode: 0, e: { k: "yield", arg: { k: "num", v: 1 } } } },
            { k: "expr", e: { k: "yield", arg: { k: "num", v: 2 } } },
            { k: "throw", msg: "boom" },
          ],
          catch: { param: "e1", body: [{ k: "return", e: { k: "errmsg", name: "e1" } }] },
        },
      ],
      drive: { ops: [0, 0, 0, 0].map(() => ({ op: "next" as const, arg: { t: "undef" as const } })), post: [] },
    };
    expect(validate(p)).to.equal(null);
    expect(renderModule(p, "native")).to.contain("__addDisposableResource(env_1, dsp(").and.not.to.match(/\busing /);
    const v = check(p, typescriptImpl());
    expect(v.ok, v.message).to.equal(true);
    const steps = v.native.steps.map((s) => [s.outcome, s.log.join(" ")]);
    expect(steps).to.deep.equal([
      ["created", ""],
      ["yield 1", "u1.new()"],
      ["yield 2", "u2.new(undefined)"],
      ['return "Suppressed(\\"u1.dispose\\" over \\"boom\\")"', "u2.dispose u1.dispose"],
    ]);
  });

  it("reproduces a clone natively by replaying the ops before the clone point", () => {
    const p: Program = {
      ...generateProgram(1, "base,clone"),
      body: [
        { k: "decl", kind: "let", target: { k: "id", name: "s" }, init: { k: "yield", arg: { k: "num", v: 0 } } },
        { k: "expr", e: { k: "assign", name: "s", op: "+=", r: { k: "yield", arg: { k: "var", name: "s" } } } },
        { k: "return", e: { k: "call", tag: "c1", args: [{ k: "var", name: "s" }] } },
      ],
      drive: {
        ops: [1, 2, 3].map((v) => ({ op: "next" as const, arg: { t: "json" as const, v } })),
        post: [],
        clone: { at: 2, order: "alt" },
      },
    };
    const v = check(p, nativeImpl());
    expect(v.ok).to.equal(true);
    expect(v.native.steps.map((s) => `${s.op} → ${s.outcome} ${s.log.join(" ")}`.trim())).to.deep.equal([
      "create → created",
      "next(1) → yield 0",
      "next(2) → yield 2",
      "clone → cloned",
      "A: next(3) → return 5 c1(5)",
      "B: next(3) → return 5 c1(5)",
    ]);
  });

  it("the validator rejects TDZ, undeclared names, stray jumps and labelled multi-yield statements", () => {
    const base = generateProgram(1, "base");
    const bad: Program["body"][] = [
      [{ k: "expr", e: { k: "var", name: "zz" } }],
      [
        { k: "expr", e: { k: "var", name: "a" } },
        { k: "decl", kind: "let", target: { k: "id", name: "a" }, init: { k: "num", v: 1 } },
      ],
      [{ k: "break" }],
      [{ k: "decl", kind: "const", target: { k: "id", name: "a" }, init: { k: "num", v: 1 } }, { k: "expr", e: { k: "update", name: "a", op: "++", prefix: true } }],
      [{ k: "expr", label: "L1", e: { k: "bin", op: "+", l: { k: "yield" }, r: { k: "yield" } } }],
    ];
    for (const body of bad) expect(validate({ ...base, body }), JSON.stringify(body)).not.to.equal(null);
  });

  it("function* agrees with itself on every feature", () => {
    const r = fuzz({ count: 400, seed: 7, features: EVERYTHING, impl: nativeImpl() });
    expect(r.failures, firstFailureReport(r, "native")).to.have.length(0);
    expect(r.stats.steps).to.be.greaterThan(400 * 4);
  });

  it("TypeScript parses the renderings as JavaScript does (function* through transpileModule)", () => {
    const r = fuzz({ count: 150, seed: 11, features: EVERYTHING, impl: typescriptImpl() });
    expect(r.failures, firstFailureReport(r, "typescript")).to.have.length(0);
  });

  it("detects a wrong after-completion rule (JavaScript's { done: true } instead of CoroutineError)", () => {
    const r = fuzz({ count: 20, seed: 3, features: "base", impl: laxNativeImpl(), shrink: false });
    expect(r.failures).to.have.length(1);
    const d = r.failures[0].verdict.diff!;
    expect(d.field).to.equal("outcome");
    expect(d.expected).to.match(/^throw CoroutineError RESUMED_AFTER_(COMPLETION|PANIC)$/);
  });

  for (const name of [...Object.keys(MUTATIONS), "clone", "live"]) {
    const features = MUTANT_FEATURES[name];
    it(`detects a deliberately miscompiled output (mutant:${name}, features ${features})`, () => {
      const r = fuzz({ count: 300, seed: 5, features, impl: implByName(`mutant:${name}`), shrink: false });
      expect(r.failures.length, `mutant:${name} went unnoticed in 300 programs`).to.equal(1);
      expect(r.failures[0].verdict.kind).to.equal("diff");
    });
  }

  it("detects evaluation order in `s += yield s` (a hand-written program)", () => {
    const p: Program = {
      ...generateProgram(1, "base"),
      body: [
        { k: "decl", kind: "let", target: { k: "id", name: "s" }, init: { k: "num", v: 1 } },
        { k: "expr", e: { k: "assign", name: "s", op: "=", r: { k: "bin", op: "-", l: { k: "var", name: "s" }, r: { k: "yield", arg: { k: "var", name: "s" } } } } },
        { k: "return", e: { k: "var", name: "s" } },
      ],
      drive: { ops: [{ op: "next", arg: { t: "undef" } }, { op: "next", arg: { t: "json", v: 5 } }], post: [] },
    };
    expect(check(p, nativeImpl()).ok).to.equal(true);
    const v = check(p, implByName("mutant:swap"));
    expect(v.ok).to.equal(false);
    expect(v.diff).to.deep.include({ index: 2, field: "outcome", expected: "return -4", actual: "return 4" });
  });

  it("shrinks a failure to a small program that still fails the same way", () => {
    const r = fuzz({ count: 100, seed: 9, features: "base", impl: implByName("mutant:swap") });
    expect(r.failures).to.have.length(1);
    const f = r.failures[0];
    expect(f.shrunk.ok).to.equal(false);
    expect(f.shrunk.kind).to.equal(f.verdict.kind);
    expect(countStmts(f.program.body)).to.be.at.most(3);
    expect(JSON.stringify(f.program).length).to.be.lessThan(JSON.stringify(f.original).length);
    expect(validate(f.program)).to.equal(null);
    const report = formatFailure(f.program, f.shrunk, "mutant:swap");
    expect(report).to.contain("--- stackless form").and.to.contain("--- traces").and.to.contain(">>");
  });

  it("reports a candidate that hangs as a timeout instead of hanging", () => {
    const hang: Impl = {
      name: "hang",
      load(p) {
        const source = renderModule(p, "stackless");
        const inst = {
          state: "Start",
          done: false,
          next(): never {
            for (;;) {
              /* spin */
            }
          },
          throw(): never {
            throw new Error("unused");
          },
          return(): never {
            throw new Error("unused");
          },
        };
        return { ok: true, loaded: { source, cloneBy: "method", make: () => inst } };
      },
    };
    const v = check(generateProgram(2, "base"), hang, 200);
    expect(v.ok).to.equal(false);
    expect(v.kind).to.equal("timeout");
  });
});

describe("fuzz: stackless transformer against function*", function () {
  this.timeout(30 * 60_000);

  it(`agrees on ${BUDGET.count} programs (features ${BUDGET.features}, seed ${BUDGET.seed})`, function () {
    // The transformer is part of this package: its absence is a failure, not a reason to skip.
    expect(transformerUnavailable()).to.equal(null);
    const impl = implByName("transformer");
    const r = fuzz({ count: BUDGET.count, seed: BUDGET.seed, features: BUDGET.features, impl });
    expect(r.failures, firstFailureReport(r, impl.name)).to.have.length(0);
  });

  it("agrees in a patched realm on 300 programs (every feature, seed 20250101): the same built-ins called", function () {
    const impl = implByName("transformer");
    const r = fuzz({ count: 300, seed: 20250101, features: EVERYTHING, impl, patchedRealm: true });
    expect(r.failures, firstFailureReport(r, impl.name)).to.have.length(0);
  });

  it("agrees on 150 programs cloned, snapshotted, JSON round-tripped and restored at every suspension (every feature, seed 20251207)", function () {
    const impl = implByName("transformer");
    const r = fuzz({ count: 150, seed: 20251207, features: EVERYTHING, impl, snapshots: true });
    expect(r.failures, firstFailureReport(r, impl.name)).to.have.length(0);
    // The mode must have done something: restores happened, not only refusals.
    expect(r.stats.snapshots!.restored).to.be.greaterThan(50);
    expect(r.stats.snapshots!.cloned).to.equal(r.stats.snapshots!.restored);
    // gn is stackless in this mode: some snapshots nest a delegate's (a yield_.from in progress).
    expect(r.stats.snapshots!.nested).to.be.greaterThan(0);
  });
});
