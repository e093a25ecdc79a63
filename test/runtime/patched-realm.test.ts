/**
 * Instances are as unobservable as a function*'s: with built-ins replaced by counting wrappers
 * (one at a time and all together), every marker's run calls exactly what the same body run as
 * a native function* calls (the iteration protocol on the program's own objects, nothing else),
 * and gives the same values as unpatched. Also: clone/snapshot/restore hold and accept the same
 * under a realm whose built-ins lie.
 */
import { expect } from "chai";
import { IMPORTS, load, runModule } from "../support/load";
import { Counter, PATCHES, counted, withPatches } from "../support/patched-realm";
import type { Patch } from "../support/patched-realm";
import { blockOn, join, select } from "../../runtime/index";

type Make = (...args: any[]) => any;

interface Scenario {
  name: string;
  /** A module (TypeScript with markers) exporting `make`. */
  stackless: string;
  /** The same body as a native function* (CommonJS JavaScript) exporting a `make` with the same API; absent: the run must call nothing patched. */
  native?: string;
  /** Drive instances of the module's makers; the answer must not depend on the implementation. */
  drive(m: Record<string, Make>): unknown;
}

/** Collect a generator-like's results by hand (no array methods, so the driver adds no counts). */
function results(g: { next(x?: unknown): IteratorResult<unknown> }, inputs: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const r = g.next(inputs[i]);
    out[i] = [r.value, r.done];
    if (r.done) break;
  }
  return out;
}

function caught(fn: () => unknown): string {
  try {
    return `ok ${String(fn())}`;
  } catch (e) {
    return `threw ${(e as Error).name}: ${(e as Error).message}`;
  }
}

const SCENARIOS: Scenario[] = [
  {
    name: "generator: creating an instance",
    stackless: `export const make = () => generator(() => { yield_(1); });`,
    native: `exports.make = () => (function* () { yield 1; })();`,
    drive: ({ make }) => {
      make();
      return "created";
    },
  },
  {
    name: "generator: next to the end, for…of, spread and destructuring of the instance",
    stackless: `export const make = () => generator(() => { let t = 0; for (let i = 0; i < 3; i++) t += yield_<number>(i); return t; });`,
    native: `exports.make = () => (function* () { let t = 0; for (let i = 0; i < 3; i++) t += yield i; return t; })();`,
    drive: ({ make }) => {
      const out: unknown[] = [results(make(), [undefined, 10, 20, 30, 40])];
      for (const x of make()) out[out.length] = x;
      out[out.length] = [...make()];
      const [a, b] = make();
      out[out.length] = [a, b];
      return out;
    },
  },
  {
    name: "generator: return() and throw() into try/finally",
    stackless: `export const make = () => generator(() => { try { yield_(1); yield_(2); } catch (e) { yield_("caught"); } finally { yield_("fin"); } });`,
    native: `exports.make = () => (function* () { try { yield 1; yield 2; } catch (e) { yield "caught"; } finally { yield "fin"; } })();`,
    drive: ({ make }) => {
      const g = make();
      const h = make();
      return [g.next(), g.return(5), g.next(), h.next(), h.throw(new Error("x")), h.next(), h.next()];
    },
  },
  {
    name: "generator: for…of over the program's array, left by break and by return()",
    stackless: `export const make = (arr: number[]) => generator(() => { for (const x of arr) { if (x > 2) break; yield_(x * 2); } return "end"; });`,
    native: `exports.make = (arr) => (function* () { for (const x of arr) { if (x > 2) break; yield x * 2; } return "end"; })();`,
    drive: ({ make }) => {
      const g = make([1, 2, 3, 4]);
      const h = make([1, 2]);
      return [results(g, [0, 0, 0, 0]), h.next(), h.return("r")];
    },
  },
  {
    name: "generator: yield_.from an array (next, return) and a generator (throw)",
    stackless:
      `export const make = (arr: number[]) => generator(() => { const r = yield_.from(arr); yield_(r); });\n` +
      `export const make2 = () => generator(() => { try { yield_.from(generator(() => { try { yield_("in"); } finally { yield_("inner fin"); } })); } catch (e) { yield_("outer caught"); } });`,
    native:
      `exports.make = (arr) => (function* () { const r = yield* arr; yield r; })();\n` +
      `exports.make2 = () => (function* () { try { yield* (function* () { try { yield "in"; } finally { yield "inner fin"; } })(); } catch (e) { yield "outer caught"; } })();`,
    drive: ({ make, make2 }) => {
      const g = make([1, 2]);
      const h = make([1, 2]);
      const t = make2();
      return [results(g, [0, 0, 0, 0]), h.next(), h.return("r"), t.next(), caught(() => t.throw(new Error("x")))];
    },
  },
  {
    name: "generator: array and object patterns whose parts suspend (default, rest)",
    stackless: `export const make = (arr: number[], obj: Record<string, number>) => generator(() => { const [a = yield_<number>("a?"), b, ...rest] = arr; const { k = yield_<number>("k?"), ...others } = obj; return [a, b, rest, k, others]; });`,
    native: `exports.make = (arr, obj) => (function* () { const [a = yield "a?", b, ...rest] = arr; const { k = yield "k?", ...others } = obj; return [a, b, rest, k, others]; })();`,
    drive: ({ make }) => [
      results(make([undefined, 2, 3, 4], { x: 1, value: 2, done: 3 }), [0, 10, 20, 30]),
      results(make([1], { k: 5 }), [0, 0]),
    ],
  },
  {
    name: "generator: for…in across a suspension",
    stackless: `export const make = (obj: object) => generator(() => { for (const k in obj) yield_(k); });`,
    native: `exports.make = (obj) => (function* () { for (const k in obj) yield k; })();`,
    drive: ({ make }) => [...make({ a: 1, value: 2, next: 3 })],
  },
  {
    name: "generator: a member tag across a suspension",
    stackless: `export const make = (o: { f(s: TemplateStringsArray, x: unknown): unknown }) => generator(() => { yield_(o.f\`a\${yield_("x?")}b\`); });`,
    native: "exports.make = (o) => (function* () { yield o.f`a${yield \"x?\"}b`; })();",
    drive: ({ make }) => {
      const o = { tag: "o", f(this: { tag: string }, s: TemplateStringsArray, x: unknown) { return `${this.tag}:${s.raw[0]}${x}${s.raw[1]}`; } };
      return results(make(o), [0, 7, 0]);
    },
  },
  {
    name: "generator: a method call, a spread and a computed key before a suspension",
    stackless:
      `type O = { tag: string; m(...a: unknown[]): unknown; C: new (...a: unknown[]) => unknown };\n` +
      `export const make = (o: O, arr: number[], k: any) => generator(() => { const a = o.m(yield_("m?")); const b = o.m(...arr, yield_("s?")); ` +
      `const c = [...arr, , yield_("l?")]; const d = new o.C(...arr, yield_("n?"), ...arr); const e = { [k]: yield_("k?"), [yield_("k2?")]: 0 }; return [a, b, c, d, e]; });`,
    native:
      `exports.make = (o, arr, k) => (function* () { const a = o.m(yield "m?"); const b = o.m(...arr, yield "s?"); ` +
      `const c = [...arr, , yield "l?"]; const d = new o.C(...arr, yield "n?", ...arr); const e = { [k]: yield "k?", [yield "k2?"]: 0 }; return [a, b, c, d, e]; })();`,
    drive: ({ make }) => {
      const log: string[] = [];
      class C {
        args: unknown[];
        constructor(...args: unknown[]) {
          this.args = args;
        }
      }
      const o = { tag: "o", m(this: { tag: string }, ...a: unknown[]) { return this.tag + a.length; }, C };
      const k = { toString() { log[log.length] = "key converted"; return "kk"; } };
      const g = make(o, [1, 2], k);
      const out: unknown[] = [];
      const inputs = ["x", "y", "z", "w", "v", "u", "t"];
      for (let i = 0; i < inputs.length; i++) {
        out[out.length] = g.next(inputs[i]);
        out[out.length] = log.length;
      }
      return out;
    },
  },
  {
    name: "generator: a super method call across a suspension",
    stackless:
      `class A { tag = "a"; m(x: unknown) { return this.tag + ":" + String(x); } }\n` +
      `class B extends A { tag = "b"; g() { return generator(() => { yield_(super.m(yield_("x?"))); }); } }\n` +
      `export const make = () => new B().g();`,
    native:
      `class A { tag = "a"; m(x) { return this.tag + ":" + String(x); } }\n` +
      `class B extends A { tag = "b"; *g() { yield super.m(yield "x?"); } }\n` +
      `exports.make = () => new B().g();`,
    drive: ({ make }) => results(make(), [0, 7, 0]),
  },
  {
    name: "generator: a `using` across a suspension",
    stackless: `export const make = (log: string[]) => generator(() => { using r = { [Symbol.dispose]() { log[log.length] = "disposed"; } }; yield_(1); });`,
    drive: ({ make }) => {
      const log: string[] = [];
      const g = make(log);
      return [g.next(), g.next(), log];
    },
  },
  {
    name: "coroutine: resume, throw, return and every variant",
    stackless:
      `export const make = () => [coroutine((x: number) => { for (;;) x = yield_(x + 1); }), coroutine.yieldAtStart(() => { let x = yield_<number>(); for (;;) x = yield_(x * 2); }), ` +
      `coroutine.loop((x: number) => { yield_(x); return -x; }), coroutine.unified((x: number) => { for (;;) yield_(x); }), coroutine(() => { try { yield_(1); } finally { yield_(2); } })];`,
    drive: ({ make }) => {
      // Indexing, not destructuring: the driver must not run the array iterator itself.
      const all = make();
      const c = all[0], s = all[1], l = all[2], u = all[3], f = all[4];
      const other = make()[4];
      return [c.resume(1), c.resume(5), s.resume(3), s.resume(4), l.resume(1), l.resume(2), l.resume(3), u.resume(7), u.resume(8),
        f.resume(0), f.return(), f.resume(0), c.state, c.done, other.resume(0), caught(() => other.throw(new Error("t")))];
    },
  },
  {
    name: "future: await_ of futures and of a value, blockOn, join and select",
    stackless:
      `const ready = <T>(value: T) => ({ poll: () => Poll.ready(value) });\n` +
      `const double = (a: number) => future(() => a * 2);\n` +
      `export const make = (n: number) => future((cx) => { const a = await_(ready(n)); const b = await_(double(a)); return a + b; });`,
    drive: ({ make }) => [blockOn(make(1)), blockOn(join(make(2), make(3))), blockOn(select(make(4), make(5)))],
  },
  {
    name: "clone, snapshot and restore",
    stackless: `export const make = () => generator((first: number) => { const data = { value: first, done: [first, { next: "n" }], then: null }; let n = first; for (;;) { n += yield_<number>(n); data.done[0] = n; } });`,
    drive: ({ make }) => {
      const g = make();
      g.next(1);
      g.next(2);
      const c = g.clone();
      const snap = g.snapshot();
      const r = make().restore(snap);
      return [c.next(3), g.next(4), r.next(5), c.data, snap, r.state];
    },
  },
];

/** Each patch alone, then all of them. */
const PATCH_SETS: [string, readonly Patch[]][] = [...PATCHES.map((p): [string, readonly Patch[]] => [p.name, [p]]), ["all patches together", PATCHES]];

describe("a patched realm: instances call nothing but what a function* calls", () => {
  const modules = SCENARIOS.map((s) => ({
    stackless: load(IMPORTS + s.stackless).exports,
    native: s.native === undefined ? undefined : runModule(s.native, "native.js"),
  }));

  /** Run `s`'s drive on `exports` with `patches` in and counting on; its answer as JSON, and its calls. */
  function run(s: Scenario, exports: Record<string, Make>, patches: readonly Patch[]): { answer: string; calls: string[] } {
    const counter = new Counter();
    const r = withPatches(patches, counter, () => counted(counter, () => s.drive(exports)));
    if (r.error) throw r.error;
    return { answer: JSON.stringify(r.value), calls: r.calls };
  }

  for (const [setName, patches] of PATCH_SETS) {
    describe(`with ${setName}`, () => {
      SCENARIOS.forEach((s, i) => {
        it(`${s.name}: ${s.native ? "the same calls as a function*" : "calls nothing patched"}, and the same values as unpatched`, () => {
          const m = modules[i];
          const unpatched = JSON.stringify(s.drive(m.stackless));
          const stackless = run(s, m.stackless, patches);
          expect(stackless.answer).to.equal(unpatched);
          if (m.native) {
            const native = run(s, m.native, patches);
            expect(native.answer).to.equal(unpatched);
            expect(stackless.calls).to.deep.equal(native.calls);
          } else {
            expect(stackless.calls).to.deep.equal([]);
          }
        });
      });
    });
  }

  it("the counters see the iteration protocol a function* runs on the program's array, and a default derived constructor's spread", () => {
    const s = SCENARIOS[3];
    const native = run(s, modules[3].native!, PATCHES);
    expect(native.calls).to.include("Array.prototype[Symbol.iterator]×2");
    expect(native.calls.some((c) => c.startsWith("get return×"))).to.equal(true);
    expect(native.calls.some((c) => c.startsWith("%ArrayIteratorPrototype%.next×"))).to.equal(true);
    // What the machine bases did before they had constructors of their own.
    class Base {
      x = 0;
    }
    class Derived extends Base {}
    const counter = new Counter();
    const r = withPatches(PATCHES, counter, () => counted(counter, () => new Derived()));
    expect(r.calls).to.include("Array.prototype[Symbol.iterator]×1");
  });
});

describe("the issue's example, on this Node", () => {
  const m = load(
    IMPORTS +
      `export const make = () => generator(() => { yield_(1); });\n` +
      `export const arrayIterator = function (this: unknown[]) { const a = this; return generator(() => { for (let i = 0; i < a.length; i++) yield_(a[i]); }); };`,
  ).exports;

  it("creating generator(() => { yield_(1); }) calls a counting Array.prototype[Symbol.iterator] 0 times", () => {
    const orig = Array.prototype[Symbol.iterator];
    let calls = 0;
    Array.prototype[Symbol.iterator] = function (this: unknown[]) {
      calls++;
      return orig.call(this);
    } as typeof orig;
    try {
      m.make();
    } finally {
      Array.prototype[Symbol.iterator] = orig;
    }
    expect(calls).to.equal(0);
  });

  it("with a stackless generator installed as the array iterator, `const [x, y] = [1, 2]` gives 1,2", () => {
    const orig = Array.prototype[Symbol.iterator];
    let text: string;
    Array.prototype[Symbol.iterator] = m.arrayIterator;
    try {
      const [x, y] = [1, 2];
      text = `${x},${y}`;
    } finally {
      Array.prototype[Symbol.iterator] = orig;
    }
    expect(text).to.equal("1,2");
  });
});

describe("a realm whose built-ins lie cannot change what clone, snapshot and restore do", () => {
  const m = load(IMPORTS + `export const make = () => generator((first: number) => { const data = { value: first, list: [first, { k: "n" }] }; let n = first; for (;;) { n += yield_<number>(n); data.list[0] = n; } });`).exports;
  const suspended = () => {
    const g = m.make();
    g.next(1);
    g.next(2);
    return g;
  };
  const expected = suspended().snapshot();

  /** Replace each of `lies` (holder, key, value) for the duration of `fn`. */
  function lying<T>(lies: [object, PropertyKey, unknown][], fn: () => T): T {
    const saved = lies.map(([o, k]) => Object.getOwnPropertyDescriptor(o, k));
    try {
      for (const [o, k, v] of lies) Object.defineProperty(o, k, { value: v, writable: true, configurable: true });
      return fn();
    } finally {
      lies.forEach(([o, k], i) => (saved[i] ? Object.defineProperty(o, k, saved[i]!) : delete (o as Record<PropertyKey, unknown>)[k]));
    }
  }
  const lies = (): [object, PropertyKey, unknown][] => [
    [JSON, "stringify", () => '"lie"'],
    [JSON, "parse", () => ({ lie: true })],
    [Object.prototype, "toJSON", () => "lie"],
    [Object, "keys", () => []],
    [Object, "assign", (t: unknown) => t],
    [Object, "create", () => ({ lie: true })],
    [Object.prototype, "hasOwnProperty", () => true],
    [Array.prototype, "indexOf", () => 0],
    [Array.prototype, "map", () => []],
    [Array.prototype, "join", () => "lie"],
    [Array, "isArray", () => false],
    [Function.prototype, "call", () => "lie"],
  ];

  it("snapshot() holds the same locals", () => {
    const snap = lying(lies(), () => suspended().snapshot());
    expect(snap).to.deep.equal(expected);
  });

  it("clone() copies the same instance, and restore() accepts the same snapshot and refuses the same malformed one", () => {
    const plain = JSON.parse(JSON.stringify(expected));
    const [cloned, restored, refused] = lying(lies(), () => {
      const c = suspended().clone();
      const r = m.make().restore(plain);
      const bad = caught(() => m.make().restore({ ...expected, state: "Nope" }));
      return [c, r, bad];
    });
    expect(cloned.next(3)).to.deep.equal({ value: 6, done: false });
    expect(restored.next(3)).to.deep.equal({ value: 6, done: false });
    expect(refused).to.match(/SNAPSHOT_MISMATCH|does not fit/);
  });

  it("restore() reads only the snapshot's own properties: an inherited site or locals does not make it fit", () => {
    const { site, ...rest } = expected;
    const proto = Object.prototype as Record<string, unknown>;
    proto.site = site;
    try {
      expect(caught(() => m.make().restore(rest as typeof expected))).to.contain("does not fit");
    } finally {
      delete proto.site;
    }
  });
});
