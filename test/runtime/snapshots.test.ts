/**
 * snapshot() and restore() as docs/snapshots.md states them: every kind of value either
 * round-trips through JSON or is refused, identity among saved values is kept, and restore is a
 * validator that refuses hostile input without touching the instance or Object.prototype.
 */
import { expect } from "chai";
import { CoroutineError } from "../../runtime/index";
import type { Snapshot } from "../../runtime/index";
import { MAX_DEPTH } from "../../runtime/snapshot-format";
import { Accumulator, expectCode, Resource } from "./fixtures";

/** An Accumulator suspended at Add whose `last` holds `value`. */
function holding(value: unknown): Accumulator {
  const a = new Accumulator();
  a.resume(1);
  a.resume(value);
  return a;
}

/** snapshot → JSON text → parse → restore into a fresh instance. */
function roundTrip<T extends Accumulator>(a: T, make: () => T = () => new Accumulator() as T): T {
  return make().restore(JSON.parse(JSON.stringify(a.snapshot())) as Snapshot);
}

const sparse = (): unknown[] => {
  const a: unknown[] = [1];
  a[4] = 5;
  return a;
};
const withExtra = (): unknown[] => Object.assign([1, 2], { label: "x" });
const nullProto = (): object => Object.assign(Object.create(null) as object, { a: 1, b: [2] });
const deep = (levels: number): unknown => {
  let v: unknown = 0;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};

describe("snapshots: every kind of value round-trips or is refused", () => {
  // [what, value, check on the restored value]
  const roundTrips: [string, () => unknown, (v: unknown) => void][] = [
    ["-0", () => -0, (v) => expect(Object.is(v, -0)).to.equal(true)],
    ["NaN", () => NaN, (v) => expect(Number.isNaN(v)).to.equal(true)],
    ["Infinity and -Infinity", () => [Infinity, -Infinity], (v) => expect(v).to.deep.equal([Infinity, -Infinity])],
    ["undefined in an array and in an object", () => [undefined, { u: undefined }], (v) => {
      expect(v).to.deep.equal([undefined, { u: undefined }]);
      expect(Object.keys((v as [unknown, object])[1])).to.deep.equal(["u"]);
    }],
    ["a sparse array (holes stay holes)", sparse, (v) => {
      expect((v as unknown[]).length).to.equal(5);
      expect(1 in (v as unknown[])).to.equal(false);
      expect((v as unknown[])[4]).to.equal(5);
    }],
    ["an array's extra properties", withExtra, (v) => {
      expect(Array.isArray(v)).to.equal(true);
      expect({ ...(v as object) }).to.deep.equal({ 0: 1, 1: 2, label: "x" });
    }],
    ["a null-prototype object", nullProto, (v) => {
      expect(Object.getPrototypeOf(v)).to.equal(null);
      expect({ ...(v as object) }).to.deep.equal({ a: 1, b: [2] });
    }],
    ["a BigInt", () => [10n, -12345678901234567890n], (v) => expect(v).to.deep.equal([10n, -12345678901234567890n])],
    ["an object with \"$\" keys (escaped, not read as the encoding's forms)", () => ({ $ref: 0, $undefined: true }), (v) =>
      expect(v).to.deep.equal({ $ref: 0, $undefined: true })],
    ["an own __proto__ key (data, not a prototype)", () => JSON.parse('{"__proto__": {"polluted": 1}}'), (v) => {
      expect(Object.getPrototypeOf(v)).to.equal(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(v, "__proto__")?.value).to.deep.equal({ polluted: 1 });
    }],
    ["a lone surrogate in a string", () => "a\ud800b", (v) => expect(v).to.equal("a\ud800b")],
    ["one object held twice in one array", () => {
      const o = { n: 1 };
      return [o, o];
    }, (v) => expect((v as object[])[0]).to.equal((v as object[])[1])],
    ["a cycle", () => {
      const o: Record<string, unknown> = { n: 1 };
      o.self = o;
      return o;
    }, (v) => expect((v as Record<string, unknown>).self).to.equal(v)],
    [`arrays nested ${MAX_DEPTH} deep`, () => deep(MAX_DEPTH - 1), (v) => expect(JSON.stringify(v)).to.equal(JSON.stringify(deep(MAX_DEPTH - 1)))],
  ];
  for (const [what, make, check] of roundTrips) {
    it(`round-trips ${what}`, () => {
      const restored = roundTrip(holding(make()));
      check(restored.last);
    });
  }

  it("keeps identity between two locals: `const b = a; … a.push(1); return b.length` sees the push", () => {
    const a = new Accumulator();
    a.resume(1);
    const list: number[] = [];
    a.history = list;
    a.resume(list); // `last` is the same array as `history`
    const r = roundTrip(a);
    expect(r.last).to.equal(r.history);
    const held = r.last;
    r.resume(3); // history.push(3): the array `last` held is the same one
    expect(held).to.deep.equal([3]);
  });

  const refused: [string, () => unknown, string][] = [
    ["a function", () => () => 1, "a function"],
    ["a symbol", () => Symbol("s"), "a symbol"],
    ["a Map", () => new Map(), "not plain data"],
    ["a Set", () => new Set([1]), "not plain data"],
    ["a Date", () => new Date(0), "not plain data"],
    ["a class instance", () => new (class Point {})(), "not plain data"],
    ["an array of a subclass", () => new (class List extends Array {})(), "not plain data"],
    ["a frozen object", () => Object.freeze({ a: 1 }), "non-extensible"],
    ["an accessor property", () => ({ get a() { return 1; } }), "accessor"],
    ["a non-enumerable property", () => Object.defineProperty({}, "hidden", { value: 1 }), "non-enumerable"],
    ["a symbol-keyed property", () => ({ [Symbol("k")]: 1 }), "symbol key"],
    [`arrays nested deeper than ${MAX_DEPTH}`, () => deep(MAX_DEPTH + 1), "nested deeper"],
  ];
  for (const [what, make, why] of refused) {
    it(`refuses ${what} with NOT_SERIALIZABLE naming the local and the path`, () => {
      const e = expectCode(() => holding({ inner: [make()] }).snapshot(), "NOT_SERIALIZABLE");
      expect(e.message).to.contain("local 'last'");
      expect(e.message).to.contain(what.startsWith("arrays") ? "last.inner[0]" : "last.inner[0] is");
      expect(e.message).to.contain(why);
    });
  }

  it("never runs a getter while snapshotting", () => {
    let ran = false;
    expectCode(() => holding({ get a() { ran = true; return 1; } }).snapshot(), "NOT_SERIALIZABLE");
    expect(ran).to.equal(false);
  });

  it("copies a 20,000-deep array by refusing it, not by overflowing the stack", () => {
    expectCode(() => holding(deep(20000)).snapshot(), "NOT_SERIALIZABLE");
  });

  it("refuses a snapshot of a panicked instance", () => {
    const a = holding(2);
    expect(() => a.resume("boom")).to.throw("boom");
    const e = expectCode(() => a.snapshot(), "NOT_SERIALIZABLE");
    expect(e.message).to.contain("panicked");
  });
});

describe("restore(): only into a fresh instance", () => {
  const good = (): Snapshot => JSON.parse(JSON.stringify(holding(2).snapshot())) as Snapshot;

  it("refuses an instance that has run, one in Done, and a panicked one, and leaves each as it was", () => {
    const suspended = holding(3);
    const done = holding(3);
    done.resume(0);
    const panicked = holding(3);
    expect(() => panicked.resume("boom")).to.throw("boom");
    for (const m of [suspended, done, panicked]) {
      const before = { state: m.state, sum: m.sum, last: m.last, panicked: m.panicked };
      const e = expectCode(() => m.restore(good()), "SNAPSHOT_MISMATCH");
      expect(e.message).to.contain("fresh instance");
      expect({ state: m.state, sum: m.sum, last: m.last, panicked: m.panicked }).to.deep.equal(before);
    }
    expect(suspended.resume(1)).to.equal(5);
  });

  it("refuses to restore over an instance suspended inside try/finally (its finally still runs on return())", () => {
    const log: string[] = [];
    const r = new Resource(log);
    r.resume("r");
    expectCode(() => r.restore(new Resource([]).snapshot()), "SNAPSHOT_MISMATCH");
    expect(r.state).to.equal("A");
    r.return();
    expect(log).to.deep.equal(["open r", "close r"]);
  });

  it("restores a Start snapshot, and a fresh instance can take it twice", () => {
    const start = new Accumulator().snapshot();
    const a = new Accumulator().restore(start).restore(start);
    expect(a.resume(4)).to.equal(4);
  });
});

describe("restore(): the hostile-input table", () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(holding(2).snapshot())) as Record<string, unknown>;
  const withTop = (patch: Record<string, unknown>) => ({ ...good(), ...patch });
  const withLocals = (patch: Record<string, unknown>) => {
    const g = good();
    return { ...g, locals: { ...(g.locals as object), ...patch } };
  };
  const withoutLocal = (name: string) => {
    const g = good();
    const locals = { ...(g.locals as Record<string, unknown>) };
    delete locals[name];
    return { ...g, locals };
  };
  const parsed = (text: string) => JSON.parse(text) as unknown;
  const nested = (levels: number, leaf = "0") => parsed("[".repeat(levels) + leaf + "]".repeat(levels));
  const protoKey = (at: "top" | "locals") => {
    const g = JSON.stringify(good());
    return at === "top" ? parsed(g.replace(/^\{/, '{"__proto__":{"polluted":true},')) : parsed(g.replace('"locals":{', '"locals":{"__proto__":{"polluted":true},'));
  };
  const million = () => new Array(1e6).fill(0);

  const hostile: [string, () => unknown][] = [
    ["null", () => null],
    ["undefined", () => undefined],
    ["a number", () => 42],
    ["a string", () => JSON.stringify(good())],
    ["an array", () => [good()]],
    ["an empty object", () => ({})],
    ["a missing format", () => {
      const g = good();
      delete g.format;
      return g;
    }],
    ["format 2", () => withTop({ format: 2 })],
    ["format \"1\"", () => withTop({ format: "1" })],
    ["an extra top-level key", () => withTop({ extra: 1 })],
    ["a __proto__ key at the top", () => protoKey("top")],
    ["a constructor key at the top", () => withTop({ constructor: { prototype: { polluted: true } } })],
    ["a symbol key at the top", () => ({ ...good(), [Symbol("s")]: 1 })],
    ["a getter at the top", () => {
      const g = good();
      return Object.defineProperty(g, "state", { get: () => "Add", enumerable: true });
    }],
    ["another site with the same locals", () => withTop({ site: "elsewhere.ts#Accumulator" })],
    ["another version", () => withTop({ version: "00000000" })],
    ["a site that is not a string", () => withTop({ site: ["test/runtime/fixtures.ts#Accumulator"] })],
    ["an unknown state", () => withTop({ state: "Nope" })],
    ["the Running marker as the state", () => withTop({ state: "Running" })],
    ["the Running number as the state", () => withTop({ state: -1 })],
    ["the panicked number as the state", () => withTop({ state: -2 })],
    ["NaN as the state", () => withTop({ state: NaN })],
    ["a fractional state", () => withTop({ state: 0.5 })],
    ["a state index instead of a name", () => withTop({ state: 1 })],
    ["a state named like an Object.prototype member", () => withTop({ state: "constructor" })],
    ["locals: {}", () => withTop({ locals: {} })],
    ["locals: []", () => withTop({ locals: [] })],
    ["locals: null", () => withTop({ locals: null })],
    ["a missing local", () => withoutLocal("sum")],
    ["an unknown local", () => withLocals({ extra: 1 })],
    ["a __proto__ key in locals", () => protoKey("locals")],
    ["a constructor key in locals", () => withLocals({ constructor: 1 })],
    ["a local holding an unknown $ form", () => withLocals({ last: { $date: 0 } })],
    ["a $ref to nothing", () => withLocals({ last: { $ref: 5 } })],
    ["a negative $ref", () => withLocals({ last: { $ref: -1 } })],
    ["a $number that is not one of the four", () => withLocals({ last: { $number: "1e999" } })],
    ["a $bigint that is not an integer", () => withLocals({ last: { $bigint: "12n" } })],
    ["a $undefined that is not true", () => withLocals({ last: { $undefined: 1 } })],
    ["an $array with a huge negative length", () => withLocals({ last: { $array: -1, items: {} } })],
    ["an $array with an item past its length", () => withLocals({ last: { $array: 1, items: { "5": 1 } } })],
    ["a 10⁶-element array as the state", () => withTop({ state: million() })],
    ["a 10⁶-element array as locals", () => withTop({ locals: million() })],
    ["a 20,000-deep nested array in a local", () => withLocals({ last: nested(20000) })],
    [`a ${MAX_DEPTH + 1}-deep nested array in a local`, () => withLocals({ last: nested(MAX_DEPTH + 1) })],
    ["a local holding a function", () => withLocals({ last: () => 1 })],
    ["a local holding a class instance", () => withLocals({ last: new Date(0) })],
    ["a Proxy that throws from its traps", () => new Proxy(good(), { ownKeys: () => { throw new Error("trap"); } })],
  ];

  it(`has at least 30 entries (${hostile.length})`, () => {
    expect(hostile.length).to.be.at.least(30);
  });

  for (const [what, make] of hostile) {
    it(`refuses ${what} with SNAPSHOT_MISMATCH, leaving the instance usable and Object.prototype untouched`, () => {
      const a = new Accumulator();
      const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
      expectCode(() => a.restore(make() as Snapshot), "SNAPSHOT_MISMATCH");
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(protoKeys);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(a.state).to.equal("Start");
      expect([a.sum, a.last, a.history]).to.deep.equal([undefined, undefined, undefined]);
      // Still fresh and usable: a good snapshot restores, and the instance runs on.
      a.restore(good() as unknown as Snapshot);
      expect(a.resume(3)).to.equal(6);
    });
  }

  it("restores well-formed large input: a local holding a 10⁶-element array", () => {
    const a = new Accumulator().restore(withLocals({ last: million() }) as unknown as Snapshot);
    expect((a.last as number[]).length).to.equal(1e6);
  });
});

describe("Class.snapshotSchema", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv2020 = require("ajv/dist/2020").default as new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: unknown } };
  const validate = new Ajv2020({ strict: false }).compile(Accumulator.snapshotSchema);

  it("accepts the snapshots the class makes, at Start, suspended and at Done", () => {
    const done = holding(2);
    done.resume(0);
    for (const m of [new Accumulator(), holding(2), holding({ nested: [1, -0, NaN] }), done]) {
      const snap = JSON.parse(JSON.stringify(m.snapshot())) as unknown;
      expect(validate(snap), JSON.stringify(validate.errors)).to.equal(true);
    }
  });

  it("rejects what restore() rejects for its shape: extra and missing keys, another site, an unknown state", () => {
    const good = () => JSON.parse(JSON.stringify(holding(2).snapshot())) as Record<string, unknown>;
    const bad = [
      { ...good(), extra: 1 },
      { ...good(), site: "elsewhere.ts#A" },
      { ...good(), state: "Running" },
      { ...good(), format: 2 },
      { ...good(), locals: {} },
      { ...good(), locals: { ...(good().locals as object), __proto__x: 1 } },
    ];
    for (const b of bad) expect(validate(b), JSON.stringify(b)).to.equal(false);
  });
});
