/**
 * End-to-end: compile bodies of each marker with the transformer, run them, check SPEC's rules.
 */
import { expect } from "chai";
import { load, IMPORTS } from "../support/load";

function mod(src: string) {
  return load(IMPORTS + src).exports;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `not a CoroutineError: ${e}`;
  }
  return undefined;
}

describe("coroutine(): yield is an expression", () => {
  it("runs the seed's summer: 5 → 5, 4 → 9, 3 → 12", () => {
    const m = mod(`export const make = () => coroutine((first: number) => { let sum = first; for (;;) { Add: sum += yield_<number>(sum); } });`);
    const s = m.make();
    expect([s.resume(5), s.resume(4), s.resume(3)]).to.deep.equal([5, 9, 12]);
    expect(s.state).to.equal("Add");
    expect(s.constructor.states).to.deep.equal(["Start", "Add", "Done"]);
  });

  it("nothing runs until the first resume", () => {
    const m = mod(`export const log: string[] = []; export const make = () => coroutine((x: number) => { log.push("ran " + x); return x; });`);
    const c = m.make();
    expect(m.log).to.deep.equal([]);
    expect(c.state).to.equal("Start");
    expect(c.resume(4)).to.equal(4);
    expect(m.log).to.deep.equal(["ran 4"]);
  });

  it("without a parameter the first input is dropped", () => {
    const m = mod(`export const make = () => coroutine(() => { const a = yield_<string>("first out"); return a; });`);
    const c = m.make();
    expect(c.resume("dropped")).to.equal("first out");
    expect(c.resume("kept")).to.equal("kept");
  });

  it("return v outputs v and enters Done; a further resume throws RESUMED_AFTER_COMPLETION", () => {
    const m = mod(`export const make = () => coroutine((x: number) => { yield_(x + 1); return "end"; });`);
    const c = m.make();
    expect(c.resume(1)).to.equal(2);
    expect(c.done).to.equal(false);
    expect(c.resume(0)).to.equal("end");
    expect(c.done).to.equal(true);
    expect(c.state).to.equal("Done");
    expect(codeOf(() => c.resume(0))).to.equal("RESUMED_AFTER_COMPLETION");
  });

  it("falling off the end outputs undefined", () => {
    const m = mod(`export const make = () => coroutine((x: number) => { yield_(x); });`);
    const c = m.make();
    c.resume(1);
    expect(c.resume(2)).to.equal(undefined);
    expect(c.done).to.equal(true);
  });

  it("an exception leaves the instance in Done as panicked", () => {
    const m = mod(`export const make = () => coroutine((x: number) => { yield_(x); throw new RangeError("bad"); });`);
    const c = m.make();
    c.resume(1);
    expect(() => c.resume(2)).to.throw(RangeError, "bad");
    expect(c.done).to.equal(true);
    expect(c.state).to.equal("Done");
    expect(codeOf(() => c.resume(3))).to.equal("RESUMED_AFTER_PANIC");
  });

  it("a resume from inside its own body throws ALREADY_RUNNING, and the instance carries on", () => {
    const m = mod(`
      export const box: any = {};
      export const make = () => coroutine((x: number) => {
        let caught = "none";
        try { box.self.resume(0); } catch (e: any) { caught = e.code; }
        yield_(caught);
        return "after";
      });`);
    const c = m.make();
    m.box.self = c;
    expect(c.resume(1)).to.equal("ALREADY_RUNNING");
    expect(c.state).to.equal("Yield1");
    expect(c.resume(2)).to.equal("after");
  });

  it("a resume from inside the value of a yield_ or return is ALREADY_RUNNING", () => {
    const m = mod(`
      export const make = () => {
        const c: any = coroutine((n: number) => {
          let seen = "";
          try { c.resume(0); } catch (e: any) { seen = e.code + " " + c.state; }
          yield_(seen);
          return (() => { try { return c.resume(0); } catch (e: any) { return e.code; } })();
        });
        return c;
      };`);
    const c = m.make();
    expect(c.resume(1)).to.equal("ALREADY_RUNNING Running");
    expect(c.resume(2)).to.equal("ALREADY_RUNNING");
  });

  it("a marker called through a cast is still a marker", () => {
    const m = mod(`export const make = () => (coroutine as any)((x: number) => { yield_(x * 2); });`);
    expect(m.make().resume(21)).to.equal(42);
  });

  it("return() on coroutine.loop with a pending finally ends in Done", () => {
    const m = mod(`export const log: string[] = []; export const make = () => coroutine.loop((x: number) => { try { yield_(x); } finally { log.push("fin"); } });`);
    const l = m.make();
    l.resume(1);
    l.return();
    expect([l.state, l.done, m.log]).to.deep.equal(["Done", true, ["fin"]]);
  });

  it("snapshot() refuses a local with symbol keys (a using resource)", () => {
    const m = mod(`export const make = () => coroutine(() => { using r = { [Symbol.dispose]() {} }; yield_(1); });`);
    const c = m.make();
    c.resume(0);
    expect(codeOf(() => c.snapshot())).to.equal("NOT_SERIALIZABLE");
  });

  it("a TypeScript this-parameter is not an input", () => {
    const m = mod(`export const make = () => coroutine(function (this: unknown, x: number) { yield_(x + 1); return this; });`);
    const c = m.make();
    expect(c.resume(1)).to.equal(2);
    expect(c.resume(0)).to.equal(undefined);
  });

  it("labels name states; unlabelled ones count Yield1, Yield2 in source order", () => {
    const m = mod(`export const make = () => coroutine((x: number) => { yield_(1); Middle: yield_(2); yield_(3); });`);
    const c = m.make();
    expect(c.constructor.states).to.deep.equal(["Start", "Yield1", "Middle", "Yield2", "Done"]);
    const seen: string[] = [c.state];
    for (let i = 0; i < 4; i++) {
      c.resume(0);
      seen.push(c.state);
    }
    expect(seen).to.deep.equal(["Start", "Yield1", "Middle", "Yield2", "Done"]);
  });

  it("instances of one site are independent", () => {
    const m = mod(`export const make = (k: number) => coroutine((x: number) => { let n = x; for (;;) n += yield_(n * k); });`);
    const a = m.make(1);
    const b = m.make(10);
    expect([a.resume(1), b.resume(1), a.resume(1), b.resume(2)]).to.deep.equal([1, 10, 2, 30]);
  });

  it("captures outer variables, by value and live", () => {
    const m = mod(`
      export function make() {
        let counter = 0;
        const step = 5;
        const c = coroutine((x: number) => { for (;;) { counter += step; x = yield_(counter + x); } });
        return { c, bump: () => (counter += 100), read: () => counter };
      }`);
    const { c, bump, read } = m.make();
    expect(c.resume(1)).to.equal(6);
    bump();
    expect(c.resume(1)).to.equal(111);
    expect(read()).to.equal(110);
  });

  it("an arrow body sees the enclosing this", () => {
    const m = mod(`
      export class Counter {
        base = 40;
        make() { return coroutine((x: number) => { for (;;) x = yield_(this.base + x); }); }
      }`);
    const c = new m.Counter().make();
    expect(c.resume(2)).to.equal(42);
  });

  it("clone() copies a suspended instance; snapshot()/restore() round-trip through JSON", () => {
    const m = mod(`export const make = () => coroutine((x: number) => { let total = x; for (;;) { Add: total += yield_<number>(total); } });`);
    const a = m.make();
    a.resume(1);
    a.resume(2);
    const b = a.clone();
    expect(a.resume(10)).to.equal(13);
    expect(b.resume(100)).to.equal(103);
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    expect(snap.state).to.equal("Add");
    expect(snap.locals).to.deep.equal({ total: 13 });
    const c = m.make().restore(snap);
    expect(c.resume(1)).to.equal(14);
  });
});

describe("coroutine.yieldAtStart()", () => {
  it("runs the seed's names example", () => {
    const m = mod(`export const make = () => coroutine.yieldAtStart(() => {
      const name1 = yield_<string>();
      const name2 = yield_<string>([name1]);
      const name3 = yield_<string>(["Hello"]);
      return [name1, name2, name3];
    });`);
    const c = m.make();
    expect(c.resume("A")).to.deep.equal(["A"]);
    expect(c.resume("B")).to.deep.equal(["Hello"]);
    expect(c.resume("C")).to.deep.equal(["A", "B", "C"]);
  });

  it("the first yield_ executed takes the input, even inside a loop (run-time flag)", () => {
    const m = mod(`export const make = () => coroutine.yieldAtStart(() => {
      let sum = 0;
      for (;;) sum += yield_<number>(sum);
    });`);
    const c = m.make();
    expect([c.resume(5), c.resume(4), c.resume(3)]).to.deep.equal([5, 9, 12]);
  });

  it("evaluates but never outputs the first yield_'s argument", () => {
    const m = mod(`export const log: string[] = []; export const make = () => coroutine.yieldAtStart(() => {
      const a = yield_<string>((log.push("evaluated"), "never output"));
      return a + "!";
    });`);
    const c = m.make();
    expect(c.resume("x")).to.equal("x!");
    expect(m.log).to.deep.equal(["evaluated"]);
  });
});

describe("coroutine.loop() and unified", () => {
  it("loop: return starts the body again with the new input", () => {
    const m = mod(`export const make = () => { let sum = 0; return coroutine.loop((n: number) => { sum += n; return sum; }); };`);
    const c = m.make();
    expect([c.resume(1), c.resume(2), c.resume(3)]).to.deep.equal([1, 3, 6]);
    expect(c.done).to.equal(false);
  });

  it("loop: each run starts fresh, so a var read before it is written is undefined again", () => {
    const m = mod(`export const make = () => coroutine.loop((x: number) => { var a: any; yield_(x); yield_(a); a = x * 10; return a; });`);
    const c = m.make();
    // run 1: yields 1, then a (undefined), returns 10; run 2 must not see the 10
    expect([c.resume(1), c.resume(0), c.resume(0)]).to.deep.equal([1, undefined, 10]);
    expect([c.resume(2), c.resume(0), c.resume(0)]).to.deep.equal([2, undefined, 20]);
  });

  it("unified: yield_ evaluates to undefined and the parameter is rebound", () => {
    const m = mod(`export const make = () => coroutine.unified((name: string) => {
      const r = yield_(name);
      yield_("Hello" + String(r));
      yield_(name);
    });`);
    const c = m.make();
    expect([c.resume("A"), c.resume("B"), c.resume("C")]).to.deep.equal(["A", "Helloundefined", "C"]);
  });
});

describe("generator()", () => {
  it("with a parameter, the first input is the parameter (eRFC 2033 / yield is an expression)", () => {
    const m = mod(`export const make = () => generator((name1: string) => {
      const name2 = yield_<string>(name1);
      const name3 = yield_<string>("Hello");
      return [name1, name2, name3];
    });`);
    const g = m.make();
    expect(g.next("A")).to.deep.equal({ value: "A", done: false });
    expect(g.next("B")).to.deep.equal({ value: "Hello", done: false });
    expect(g.next("C")).to.deep.equal({ value: ["A", "B", "C"], done: true });
  });

  it("is a JS iterator: for…of, spread, early break calls return()", () => {
    const m = mod(`export const make = () => generator(() => { for (let i = 0; i < 5; i++) yield_(i); return "r"; });`);
    expect([...m.make()]).to.deep.equal([0, 1, 2, 3, 4]);
    const g = m.make();
    for (const x of g) if (x === 1) break;
    expect(g.done).to.equal(true);
  });

  it("generator.unified rebinds its parameter", () => {
    const m = mod(`export const make = () => generator.unified((x: number) => { yield_(x); yield_(x * 2); return x; });`);
    const g = m.make();
    expect([g.next(1).value, g.next(2).value, g.next(3)]).to.deep.equal([1, 4, { value: 3, done: true }]);
  });

  it("yield_.from delegates to a JS iterator and evaluates to its return value", () => {
    const m = mod(`
      function* inner(): Generator<number, string, any> { const got = yield 1; yield got; return "inner done"; }
      export const make = () => generator(() => { const r = yield_.from(inner()); yield_(r); });`);
    const g = m.make();
    expect([g.next().value, g.next("sent").value, g.next().value]).to.deep.equal([1, "sent", "inner done"]);
  });
});

describe("future()", () => {
  it("awaits another future and a Promise, yielding Poll.pending in between", async () => {
    const m = mod(`
      import { toPromise } from "stackless";
      const later = (v: number) => new Promise<number>((r) => setTimeout(() => r(v), 1));
      export const make = () => future((cx) => { const a = await_(later(20)); const b = await_(later(22)); return a + b; });
      export const run = () => toPromise(make());`);
    const f = m.make();
    const p = f.poll({ waker: { wake() {} } });
    expect(p).to.deep.equal({ ready: false });
    expect(await m.run()).to.equal(42);
  });
});

describe("untransformed markers", () => {
  it("throw NOT_TRANSFORMED with a message that says how to configure the transformer", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtime = require("../../runtime");
    for (const call of [
      () => runtime.coroutine(() => 0),
      () => runtime.coroutine.yieldAtStart(() => 0),
      () => runtime.generator(() => 0),
      () => runtime.yield_(1),
      () => runtime.await_(Promise.resolve(1)),
    ]) {
      expect(codeOf(call)).to.equal("NOT_TRANSFORMED");
      try {
        call();
      } catch (e) {
        expect((e as Error).message).to.contain("docs/toolchains.md");
      }
    }
  });
});

describe("class `extends` and computed keys run in the enclosing body (fuzzer seeds 5027935, 5031713)", () => {
  it("a loop local read only by `extends` is a plain saved local: clone() copies it", () => {
    const { exports, output } = load(`${IMPORTS}
      export const make = () => generator(() => {
        let w = 0;
        while (w++ < 3) { (new (class extends (yield_(w), Object) { m() { return 0; } })().m()); }
      });
      export const keyed = () => generator(() => {
        for (let k = 0; k < 3; k++) { const o = new (class { [String(yield_(k))]() { return 0; } })(); }
      });`);
    expect(output).to.not.match(/env/);
    for (const make of [exports.make, exports.keyed]) {
      const a = make();
      const first = a.next().value;
      const b = a.clone();
      const fromA = [a.next().value, a.next().value];
      const fromB = [b.next().value, b.next().value];
      expect(fromB, make.name).to.deep.equal(fromA);
      expect(fromA).to.deep.equal([first + 1, first + 2]);
    }
  });

  it("a class that reads the loop local in a method still keeps each iteration's binding", () => {
    const { exports } = load(`${IMPORTS}
      export const make = () => generator(() => {
        const made: any[] = [];
        for (let i = 0; i < 3; i++) { made.push(class extends (yield_(i), Object) { get i() { return i; } }); }
        return made.map((C) => new C().i);
      });`);
    const g = exports.make();
    g.next();
    g.next();
    g.next();
    expect(g.next()).to.deep.equal({ value: [0, 1, 2], done: true });
  });
});
